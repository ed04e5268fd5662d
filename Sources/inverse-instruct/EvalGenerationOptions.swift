import ArgumentParser
import Benchmarks
import ModelClient
import Pipelines

/// `eval … --model/--endpoint` (or neither: the built-in engine with the default model): how
/// the samples are generated before they are checked.
struct EvalGenerationOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: "Run directory holding the generation's run.sqlite, so a killed generation resumes (default: OUTPUT's name + .run).")
    var runDir: String?

    @Option(name: .long, help: "Samples per task (pass@k for k up to N).")
    var samplesPerTask = 1

    @Option(name: .long, help: "Sampling temperature (default: 0, greedy, for one sample per task; 0.8 for more).")
    var temperature: Double?

    @Option(name: .long, help: "Most new tokens per sample.")
    var maxTokens = 512

    @Option(name: .long, help: "Prompt format: auto (from the model name), chat, or a template: \(PromptTemplate.all.map(\.name).joined(separator: ", ")).")
    var promptFormat = "auto"

    /// Whether anything here asks for generation (beyond the defaults).
    var isGiven: Bool { !model.endpoint.isEmpty || model.model != nil || runDir != nil }

    func validate() throws {
        guard samplesPerTask >= 1 else { throw ValidationError("--samples-per-task must be at least 1") }
        if let temperature, temperature < 0 { throw ValidationError("--temperature must not be negative") }
        guard maxTokens >= 1 else { throw ValidationError("--max-tokens must be at least 1") }
    }

    func settings(_ benchmark: BenchmarkKind) -> BenchmarkGenerationSettings {
        settings(dataset: benchmark.name)
    }

    func settings(dataset: String) -> BenchmarkGenerationSettings {
        let endpoints = model.endpoint.flatMap { $0.split(separator: ",").map(String.init) }
        let identity = model.model ?? (endpoints.isEmpty ? ModelRegistry.defaultModelName : endpoints.joined(separator: ","))
        // Units in flight: enough to keep every endpoint (or engine slot) busy.
        let concurrency = endpoints.isEmpty ? model.engineParallel * 2 : model.concurrency * endpoints.count
        return BenchmarkGenerationSettings(
            dataset: dataset, modelIdentity: identity, promptFormat: promptFormat, samplesPerTask: samplesPerTask,
            temperature: temperature ?? (samplesPerTask > 1 ? 0.8 : 0), maxTokens: maxTokens, concurrency: concurrency)
    }

    /// What to generate when there is no samples file (nil when there is one). Generating
    /// installs the resumable Ctrl-C handler: finished units are in the run store.
    func request(dataset: String, samples: String?, quiet: Bool) throws -> BenchmarkEvaluation.Generation? {
        guard samples == nil else { return nil }
        InterruptHandler.installResumable(command: "eval", quiet: quiet)
        return BenchmarkEvaluation.Generation(settings: settings(dataset: dataset), model: try model.selection(),
                                              runDirectory: runDir)
    }
}
