import Synchronization
import Foundation
import Logging

/// Several OpenAI-compatible endpoints behind one `LanguageModel`: a concurrency limit per
/// endpoint, least-outstanding-requests routing, failover to another endpoint on error, and
/// re-probing of endpoints marked down. Owns its HTTP client: call `shutdown()` when done (or
/// use `withEndpointPool`).
public final class EndpointPool: LanguageModel {
    public struct Configuration: Sendable, Hashable {
        public var client: ClientConfiguration
        /// Consecutive endpoint-level failures (5xx, timeouts) before an endpoint is marked down;
        /// a refused connection marks it down at once.
        public var failuresBeforeDown: Int
        /// Seconds between re-probes of endpoints marked down.
        public var reprobeInterval: Double

        public init(client: ClientConfiguration = ClientConfiguration(), failuresBeforeDown: Int = 3,
                    reprobeInterval: Double = 5) {
            self.client = client
            self.failuresBeforeDown = failuresBeforeDown
            self.reprobeInterval = reprobeInterval
        }
    }

    /// One endpoint with what the probe found (nil when it was down at start).
    public struct Member: Sendable {
        public let endpoint: Endpoint
        public let capabilities: ServerCapabilities?
        let client: OpenAICompatibleClient
    }

    public let members: [Member]
    public let configuration: Configuration
    private let transport: HTTPTransport
    private let scheduler: EndpointScheduler
    private let reprober: Task<Void, Never>
    private let logger = Logger(label: "inverse-instruct.endpoint-pool")

    /// Probes every endpoint, checks `requirements` on those that answer, and starts routing.
    /// Throws when no endpoint answers or one that answers lacks what is required.
    public static func connect(_ endpoints: [Endpoint], configuration: Configuration = Configuration(),
                               requirements: ServerCapabilities.Requirements = .init(),
                               environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> EndpointPool {
        guard !endpoints.isEmpty else { throw ModelClientError.configuration("no model endpoint given") }
        let maxLimit = endpoints.map(\.maxConcurrentRequests).max() ?? 1
        let transport = HTTPTransport(maxConnectionsPerHost: maxLimit, connectTimeout: configuration.client.connectTimeout)
        do {
            let clients = try endpoints.map {
                try OpenAICompatibleClient(endpoint: $0, transport: transport, configuration: configuration.client,
                                           environment: environment)
            }
            // Probe all endpoints at once; each task files its own result by index.
            let results = ProbeResults()
            await withTaskGroup(of: Void.self) { group in
                for (index, client) in clients.enumerated() {
                    group.addTask {
                        let result: Result<ServerCapabilities, Error>
                        do { result = .success(try await CapabilityProbe.probe(client)) } catch { result = .failure(error) }
                        results.set(index, result)
                    }
                }
            }
            let probed = clients.indices.map { results.get($0) }
            var members: [Member] = []
            var failures: [String] = []
            // An endpoint that is down at start and comes back later serves the same model.
            let probedModel = probed.lazy.compactMap { try? $0?.get().model }.first
            for (index, client) in clients.enumerated() {
                switch probed[index] {
                case .success(let capabilities)?:
                    try capabilities.check(requirements, endpoint: client.endpoint.baseURL)
                    var endpoint = client.endpoint
                    endpoint.kind = capabilities.kind
                    endpoint.contextPerSlot = capabilities.contextPerSlot
                    endpoint.model = capabilities.model
                    let configured = try OpenAICompatibleClient(endpoint: endpoint, transport: transport,
                                                                configuration: configuration.client, environment: environment)
                    members.append(Member(endpoint: endpoint, capabilities: capabilities, client: configured.singleAttempt()))
                case .failure(let error)?:
                    if case ModelClientError.unsupported = error { throw error }
                    failures.append("\(error)")
                    var endpoint = client.endpoint
                    endpoint.model = endpoint.model ?? probedModel
                    let unprobed = try OpenAICompatibleClient(endpoint: endpoint, transport: transport,
                                                              configuration: configuration.client, environment: environment)
                    members.append(Member(endpoint: endpoint, capabilities: nil, client: unprobed.singleAttempt()))
                case nil:
                    members.append(Member(endpoint: client.endpoint, capabilities: nil, client: client.singleAttempt()))
                }
            }
            guard members.contains(where: { $0.capabilities != nil }) else {
                throw ModelClientError.noEndpointAvailable(detail: failures.joined(separator: "; "))
            }
            return EndpointPool(members: members, transport: transport, configuration: configuration)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    private init(members: [Member], transport: HTTPTransport, configuration: Configuration) {
        self.members = members
        self.transport = transport
        self.configuration = configuration
        let scheduler = EndpointScheduler(limits: members.map(\.endpoint.maxConcurrentRequests),
                                          names: members.map(\.endpoint.baseURL),
                                          up: members.map { $0.capabilities != nil },
                                          failuresBeforeDown: configuration.failuresBeforeDown)
        self.scheduler = scheduler
        let clients = members.map(\.client)
        let interval = configuration.reprobeInterval
        reprober = Task {
            await Self.reprobe(scheduler: scheduler, clients: clients, interval: interval)
        }
    }

    /// Capabilities of the first endpoint that answered the probe.
    public var capabilities: ServerCapabilities? { members.lazy.compactMap(\.capabilities).first }

    /// Tokens, requests and time so far, per endpoint.
    public var ledger: UsageLedger {
        get async { scheduler.ledger }
    }

    public func complete(_ request: CompletionRequest) async throws -> CompletionResult {
        try await route { client in try await client.complete(request) }
    }

    public func chat(_ request: ChatRequest) async throws -> CompletionResult {
        try await route { client in try await client.chat(request) }
    }

    /// Stops re-probing and closes connections. Requests still in flight fail.
    public func shutdown() async throws {
        reprober.cancel()
        await reprober.value
        try await transport.shutdown()
    }

    private func route(_ call: (OpenAICompatibleClient) async throws -> CompletionResult) async throws -> CompletionResult {
        let retry = configuration.client.retry
        var attempts = 0
        var lastFailed: Int?
        while true {
            let index = try await scheduler.acquire(avoid: lastFailed)
            attempts += 1
            let started = ContinuousClock.now
            do {
                let result = try await call(members[index].client)
                scheduler.release(index, outcome: .success(result.usage, seconds: result.seconds))
                return result
            } catch let error as ModelClientError {
                let immediateDown: Bool
                if case .connection = error { immediateDown = true } else { immediateDown = false }
                scheduler.release(index, outcome: .failure(endpointTrouble: error.suggestsEndpointDown,
                                                                 immediateDown: immediateDown,
                                                                 seconds: (ContinuousClock.now - started).seconds))
                guard error.isRetryable else { throw error }
                guard attempts < retry.maxAttempts else {
                    throw ModelClientError.retriesExhausted(attempts: attempts, last: error)
                }
                logger.debug("retrying after \(error)")
                lastFailed = index
                // Fail over at once when another endpoint is up; otherwise back off here.
                if !scheduler.anyUp(except: index) {
                    let delay = retry.delay(afterAttempt: attempts, retryAfter: error.retryAfterSeconds)
                    try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                }
            } catch {
                scheduler.release(index, outcome: .failure(endpointTrouble: false, immediateDown: false,
                                                                 seconds: (ContinuousClock.now - started).seconds))
                throw error
            }
        }
    }

    /// Every `interval` seconds, asks each endpoint marked down for `/v1/models`; one that answers is up again.
    private static func reprobe(scheduler: EndpointScheduler, clients: [OpenAICompatibleClient], interval: Double) async {
        while !Task.isCancelled {
            do { try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000)) } catch { return }
            for index in scheduler.downEndpoints {
                if (try? await clients[index].getJSON("/v1/models", timeout: min(interval, 10))) != nil {
                    scheduler.markUp(index)
                }
            }
        }
    }
}

/// Runs `body` with a connected pool and always shuts the pool down afterwards.
public func withEndpointPool<T: Sendable>(_ endpoints: [Endpoint], configuration: EndpointPool.Configuration = .init(),
                                          requirements: ServerCapabilities.Requirements = .init(),
                                          _ body: (EndpointPool) async throws -> T) async throws -> T {
    let pool = try await EndpointPool.connect(endpoints, configuration: configuration, requirements: requirements)
    do {
        let result = try await body(pool)
        try await pool.shutdown()
        return result
    } catch {
        try? await pool.shutdown()
        throw error
    }
}

/// Probe results filed by index from concurrent tasks.
private final class ProbeResults: Sendable {
    private let byIndex = Mutex<[Int: Result<ServerCapabilities, Error>]>([:])

    func set(_ index: Int, _ result: Result<ServerCapabilities, Error>) {
        byIndex.withLock { $0[index] = result }
    }

    func get(_ index: Int) -> Result<ServerCapabilities, Error>? {
        byIndex.withLock { $0[index] }
    }
}
