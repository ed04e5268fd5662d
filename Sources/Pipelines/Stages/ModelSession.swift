import Foundation
import ModelClient

/// Where a pipeline's model calls go: the user's endpoints, or — when none is given — the
/// embedded engine with the default (or named) model, started for the duration of `body` and
/// always stopped afterwards, also when `body` throws or is cancelled.
public enum ModelSession {
    public struct Target: Sendable {
        public var endpoints: [String]
        /// Model name for the endpoints, or registry name / GGUF path for the embedded engine.
        public var model: String?
        public var apiKeyVariable: String?
        public var concurrencyPerEndpoint: Int
        public var engineParallel: Int
        public var requirements: ServerCapabilities.Requirements

        public init(endpoints: [String], model: String?, apiKeyVariable: String?, concurrencyPerEndpoint: Int,
                    engineParallel: Int, requirements: ServerCapabilities.Requirements) {
            self.endpoints = endpoints
            self.model = model
            self.apiKeyVariable = apiKeyVariable
            self.concurrencyPerEndpoint = concurrencyPerEndpoint
            self.engineParallel = engineParallel
            self.requirements = requirements
        }
    }

    public static func with<T: Sendable>(_ target: Target, log: @escaping @Sendable (String) -> Void,
                                         _ body: (EndpointPool) async throws -> T) async throws -> T {
        if target.endpoints.isEmpty {
            log("starting the local engine (\(target.model ?? ModelRegistry.defaultModelName))")
            return try await withLocalEngine(model: target.model, options: .init(parallel: target.engineParallel),
                                             progress: log) { engine in
                log("local engine ready at \(engine.baseURL)")
                return try await withEndpointPool([engine.endpoint], requirements: target.requirements, body)
            }
        }
        let endpoints = try target.endpoints.map {
            try Endpoint(url: $0, model: target.model, apiKeyVariable: target.apiKeyVariable,
                         maxConcurrentRequests: target.concurrencyPerEndpoint)
        }
        return try await withEndpointPool(endpoints, requirements: target.requirements, body)
    }
}
