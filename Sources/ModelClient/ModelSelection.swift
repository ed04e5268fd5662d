/// What a command was told about models: OpenAI-compatible endpoints, or none, in which case the
/// embedded default runs (pulled if needed, started for the command's duration, then stopped).
public struct ModelSelection: Sendable {
    /// Empty: use the local engine.
    public var endpoints: [Endpoint]
    /// For the local engine: registry name, GGUF path or URL (nil: the default model).
    public var localModel: String?
    public var localOptions: LocalEngine.Options
    public var pool: EndpointPool.Configuration
    /// Checked on every endpoint before any work starts.
    public var requirements: ServerCapabilities.Requirements

    public init(endpoints: [Endpoint] = [], localModel: String? = nil, localOptions: LocalEngine.Options = .init(),
                pool: EndpointPool.Configuration = .init(), requirements: ServerCapabilities.Requirements = .init()) {
        self.endpoints = endpoints
        self.localModel = localModel
        self.localOptions = localOptions
        self.pool = pool
        self.requirements = requirements
    }

    public var usesLocalEngine: Bool { endpoints.isEmpty }

    /// The selection a command's options or a run's settings name: server URLs (each may be a
    /// comma-separated list) all asked for `model`, or none for the embedded engine running
    /// `model` (nil: the default) with `engineParallel` slots.
    public init(endpointURLs: [String], model: String?, apiKeyVariable: String?, concurrency: Int, engineParallel: Int,
                requirements: ServerCapabilities.Requirements = .init()) throws {
        let endpoints = try endpointURLs.flatMap { $0.split(separator: ",") }.map {
            try Endpoint(url: String($0), model: model, apiKeyVariable: apiKeyVariable, maxConcurrentRequests: concurrency)
        }
        self.init(endpoints: endpoints, localModel: endpoints.isEmpty ? model : nil,
                  localOptions: .init(parallel: engineParallel), requirements: requirements)
    }
}

/// Runs `body` with a connected pool for `selection`: its endpoints, or the local engine started
/// for the duration of `body`. Engine and connections are always released afterwards, also when
/// `body` throws.
public func withLanguageModel<T: Sendable>(_ selection: ModelSelection, cache: ModelCache = .standard(),
                                           progress: @Sendable (String) -> Void = { _ in },
                                           _ body: (EndpointPool) async throws -> T) async throws -> T {
    if !selection.usesLocalEngine {
        return try await withEndpointPool(selection.endpoints, configuration: selection.pool,
                                          requirements: selection.requirements, body)
    }
    return try await withLocalEngine(model: selection.localModel, options: selection.localOptions, cache: cache,
                                     progress: progress) { engine in
        try await withEndpointPool([engine.endpoint], configuration: selection.pool,
                                   requirements: selection.requirements, body)
    }
}
