import ArgumentParser
import ModelClient

/// How a model command finds its model: `--endpoint` (repeatable) for running servers, or
/// nothing for the built-in engine with `--model` (default qwen2.5-coder-0.5b).
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("OpenAI-compatible server base URL (repeat for several). Without one, the built-in engine runs.",
                                            valueName: "url"))
    var endpoint: [String] = []

    @Option(name: .long, help: "Model: the name to request at --endpoint, or for the built-in engine a registry name, GGUF path or URL.")
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Environment variable that holds the API key for the endpoints.", valueName: "variable"))
    var apiKeyEnv: String?

    @Option(name: .long, help: "Requests in flight per endpoint.")
    var concurrency = 64

    @Option(name: .long, help: "Seconds one request may take before it is retried.")
    var requestTimeout = 900.0

    @Option(name: .long, help: "Attempts per request, the first included.")
    var maxAttempts = 5

    @Option(name: .long, help: "Built-in engine: parallel slots.")
    var engineParallel = 4

    @Option(name: .long, help: "Built-in engine: context length per slot.")
    var engineCtx = 4096

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive") }
        guard engineParallel >= 1, engineCtx >= 128 else { throw ValidationError("--engine-parallel ≥ 1 and --engine-ctx ≥ 128") }
    }

    /// The selection for `withLanguageModel`; `requirements` come from the stage.
    func selection(requirements: ServerCapabilities.Requirements = .init()) throws -> ModelSelection {
        var selection = try ModelSelection(endpointURLs: endpoint, model: model, apiKeyVariable: apiKeyEnv,
                                           concurrency: concurrency, engineParallel: engineParallel, requirements: requirements)
        selection.localOptions.contextPerSlot = engineCtx
        selection.localOptions.startTimeout = 300
        selection.pool = EndpointPool.Configuration(
            client: ClientConfiguration(requestTimeout: requestTimeout, retry: RetryPolicy(maxAttempts: maxAttempts)))
        return selection
    }
}
