import Foundation
import ModelClientTesting
import Synchronization
import Testing
@testable import ModelClient

/// A thread-safe count of requests seen.
final class Counter: Sendable {
    private let count = Mutex(0)

    /// Adds one; returns the count before.
    func increment() -> Int {
        count.withLock { value in
            defer { value += 1 }
            return value
        }
    }

    var value: Int { count.withLock { $0 } }
}

/// Fault injection against a loopback stub server: what the client does when servers misbehave.
@Suite("Faults: retries, timeouts, failover")
struct FaultTests {
    private static let quickRetries = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)

    private static func configuration(timeout: Double = 10, retry: RetryPolicy = quickRetries) -> EndpointPool.Configuration {
        EndpointPool.Configuration(client: ClientConfiguration(requestTimeout: timeout, connectTimeout: 2, retry: retry),
                                   failuresBeforeDown: 2, reprobeInterval: 0.2)
    }

    private static let request = CompletionRequest(prompt: "hi", sampling: SamplingParameters(maxTokens: 4))

    /// A stub whose completion requests fail `failures` times with `behavior`, then answer.
    private static func flakyStub(failures: Int, _ behavior: StubModelServer.Behavior) async throws -> (StubModelServer, Counter) {
        let completions = Counter()
        let server = try await StubModelServer.start { request in
            guard !request.isProbe else { return .standard }
            return completions.increment() < failures ? behavior : .standard
        }
        return (server, completions)
    }

    private func withPool<T: Sendable>(_ urls: [String], limit: Int = 8, configuration: EndpointPool.Configuration = configuration(),
                                       _ body: (EndpointPool) async throws -> T) async throws -> T {
        let endpoints = try urls.map { try Endpoint(url: $0, maxConcurrentRequests: limit) }
        return try await withEndpointPool(endpoints, configuration: configuration, body)
    }

    @Test("500s are retried and the request then succeeds")
    func serverErrorsThenSuccess() async throws {
        let (server, attempts) = try await Self.flakyStub(failures: 2, .reply(status: 500, headers: [], body: #"{"error":{"message":"boom"}}"#))
        defer { Task { try? await server.shutdown() } }
        let result = try await withPool([server.baseURL]) { try await $0.complete(Self.request) }
        #expect(result.text == "ok")
        #expect(attempts.value == 3)
    }

    @Test("Retries are bounded; the error names the endpoint and carries the server's message")
    func retriesBounded() async throws {
        let (server, attempts) = try await Self.flakyStub(failures: 1000, .reply(status: 503, headers: [], body: #"{"error":{"message":"overloaded"}}"#))
        defer { Task { try? await server.shutdown() } }
        let error = await #expect(throws: ModelClientError.self) {
            try await withPool([server.baseURL]) { try await $0.complete(Self.request) }
        }
        #expect(attempts.value == Self.quickRetries.maxAttempts)
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains(server.baseURL))
        #expect(text.contains("overloaded"))
        #expect(text.contains("503"))
        #expect(text.contains("after 4 attempts"))
    }

    @Test("A 400 is not retried")
    func clientErrorNotRetried() async throws {
        let (server, attempts) = try await Self.flakyStub(failures: 1000, .reply(status: 400, headers: [], body: #"{"error":{"message":"bad field"}}"#))
        defer { Task { try? await server.shutdown() } }
        await #expect { try await withPool([server.baseURL]) { try await $0.complete(Self.request) } } throws: {
            "\($0)".contains("bad field")
        }
        #expect(attempts.value == 1)
    }

    @Test("429 with Retry-After: the client waits at least that long, then succeeds")
    func tooManyRequests() async throws {
        let times = Mutex<[ContinuousClock.Instant]>([])
        let server = try await StubModelServer.start { request in
            guard !request.isProbe else { return .standard }
            let count = times.withLock { list -> Int in
                list.append(.now)
                return list.count
            }
            return count == 1 ? .reply(status: 429, headers: [("Retry-After", "1")], body: #"{"error":{"message":"slow down"}}"#) : .standard
        }
        defer { Task { try? await server.shutdown() } }
        let result = try await withPool([server.baseURL], configuration: Self.configuration(retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 5))) {
            try await $0.complete(Self.request)
        }
        #expect(result.text == "ok")
        let seen = times.withLock { $0 }
        #expect(seen.count == 2)
        if seen.count == 2 { #expect(seen[1] - seen[0] >= .seconds(1)) }
    }

    @Test("A reply slower than the timeout is a timeout error naming the endpoint, retried a bounded number of times")
    func slowReply() async throws {
        // Far longer than the timeout, so a deadline that fires late on a busy machine still fires first.
        let (server, attempts) = try await Self.flakyStub(failures: 1000, .delayed(60, .standard))
        defer { Task { try? await server.shutdown() } }
        await #expect {
            try await withPool([server.baseURL], configuration: Self.configuration(timeout: 0.3, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02))) {
                try await $0.complete(Self.request)
            }
        } throws: { error in
            guard case ModelClientError.retriesExhausted(2, .timeout(let endpoint, _))? = error as? ModelClientError else { return false }
            return endpoint == server.baseURL
        }
        #expect(attempts.value == 2)
    }

    @Test("A dropped connection is retried")
    func droppedConnection() async throws {
        let (server, attempts) = try await Self.flakyStub(failures: 2, .dropConnection)
        defer { Task { try? await server.shutdown() } }
        let result = try await withPool([server.baseURL]) { try await $0.complete(Self.request) }
        #expect(result.text == "ok")
        #expect(attempts.value == 3)
    }

    @Test("Invalid JSON in a 200 reply is retried, and reported when it persists")
    func invalidJSON() async throws {
        let (flaky, attempts) = try await Self.flakyStub(failures: 1, .reply(status: 200, headers: [], body: "{\"choices\": [tru"))
        defer { Task { try? await flaky.shutdown() } }
        let result = try await withPool([flaky.baseURL]) { try await $0.complete(Self.request) }
        #expect(result.text == "ok")
        #expect(attempts.value == 2)

        let (broken, _) = try await Self.flakyStub(failures: 1000, .reply(status: 200, headers: [], body: "not json"))
        defer { Task { try? await broken.shutdown() } }
        await #expect {
            try await withPool([broken.baseURL]) { try await $0.complete(Self.request) }
        } throws: { "\($0)".contains("invalid reply") && "\($0)".contains(broken.baseURL) }
    }

    @Test("An endpoint that dies mid-run: every request still succeeds on the healthy one")
    func endpointDiesMidRun() async throws {
        let healthy = try await StubModelServer.start()
        // The endpoint dies after it has taken 20 requests, not at a fixed task index: on a loaded
        // machine task 100 can start before any request has reached it.
        let taken = Counter()
        let dying = try await StubModelServer.start { request in
            if !request.isProbe { _ = taken.increment() }
            return .delayed(0.002, .standard)
        }
        defer { Task { try? await healthy.shutdown() } }
        let total = 400
        let (texts, ledger) = try await withPool([dying.baseURL, healthy.baseURL], limit: 16) { pool in
            let texts = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    // With at most 16 in flight there, its 20th request means at least 4 were answered.
                    let deadline = ContinuousClock.now + .seconds(30)
                    while taken.value < 20, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    try await dying.shutdown()
                    return nil
                }
                for _ in 0..<total {
                    group.addTask { try await pool.complete(Self.request).text }
                }
                var texts: [String] = []
                for try await text in group { if let text { texts.append(text) } }
                return texts
            }
            return (texts, await pool.ledger)
        }
        #expect(texts.count == total)
        #expect(texts.allSatisfy { $0 == "ok" })
        #expect(ledger.total.requests == total)
        #expect((ledger.endpoints[dying.baseURL]?.requests ?? 0) > 0)
        #expect((ledger.endpoints[healthy.baseURL]?.requests ?? 0) > total / 2)
    }

    @Test("The per-endpoint concurrency limit holds, and load spreads over endpoints")
    func concurrencyLimit() async throws {
        let inFlight = Mutex((now: 0, peak: 0))
        let handler: @Sendable (StubModelServer.Request) -> StubModelServer.Behavior = { request in
            guard !request.isProbe else { return .standard }
            inFlight.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            return .delayed(0.02, .deferred {
                inFlight.withLock { $0.now -= 1 }
                return .standard
            })
        }
        let a = try await StubModelServer.start(handler: handler)
        let b = try await StubModelServer.start(handler: handler)
        defer { Task { try? await a.shutdown(); try? await b.shutdown() } }
        let ledger = try await withPool([a.baseURL, b.baseURL], limit: 3) { pool in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<60 {
                    group.addTask { _ = try await pool.complete(Self.request) }
                }
                try await group.waitForAll()
            }
            return await pool.ledger
        }
        #expect(inFlight.withLock { $0.peak } <= 6)
        #expect(ledger.endpoints[a.baseURL]?.requests ?? 0 >= 20)
        #expect(ledger.endpoints[b.baseURL]?.requests ?? 0 >= 20)
    }

    @Test("An endpoint down at start is re-probed and used once it answers")
    func reprobe() async throws {
        let healthy = try await StubModelServer.start()
        defer { Task { try? await healthy.shutdown() } }
        // Reserve a port, then close it so the endpoint is down at start.
        let late = try await StubModelServer.start()
        let port = late.port
        try await late.shutdown()
        let usedLate = try await withPool([healthy.baseURL, "http://127.0.0.1:\(port)"]) { pool -> Bool in
            #expect(pool.members[1].capabilities == nil)
            let revived = try await StubModelServer.start(port: port)
            defer { Task { try? await revived.shutdown() } }
            for _ in 0..<100 {
                _ = try await pool.complete(Self.request)
                if revived.requestCount > 1 { return true }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            return false
        }
        #expect(usedLate)
    }

    @Test("The API key goes out as a Bearer token")
    func apiKeySent() async throws {
        let seen = Mutex<[String]>([])
        let server = try await StubModelServer.start { request in
            seen.withLock { $0.append(request.path) }
            return .standard
        }
        defer { Task { try? await server.shutdown() } }
        let transport = HTTPTransport()
        defer { Task { try? await transport.shutdown() } }
        let endpoint = try Endpoint(url: server.baseURL, apiKeyVariable: "STUB_KEY")
        let client = try OpenAICompatibleClient(endpoint: endpoint, transport: transport, environment: ["STUB_KEY": "sk-1"])
        let result = try await client.chat(ChatRequest(messages: [.user("hi")]))
        #expect(result.text == "ok")
        #expect(seen.withLock { $0 } == ["/v1/chat/completions"])
    }

    @Test("The probe tells a vLLM-shaped server from others and finds its model")
    func probeVLLM() async throws {
        let server = try await StubModelServer.start { request in
            request.path == "/version" ? .reply(status: 200, headers: [], body: #"{"version":"0.6.3"}"#) : .standard
        }
        defer { Task { try? await server.shutdown() } }
        try await withPool([server.baseURL]) { pool in
            let capabilities = try #require(pool.capabilities)
            #expect(capabilities.kind == .vllm)
            #expect(capabilities.model == "stub-model")
            #expect(capabilities.supportsMultipleChoices)
            #expect(!capabilities.supportsLogprobs)
        }
        await #expect {
            try await withEndpointPool([try Endpoint(url: server.baseURL)], configuration: Self.configuration(),
                                       requirements: .init(topLogprobs: 5)) { _ in }
        } throws: { "\($0)".contains("no logprobs") && "\($0)".contains(server.baseURL) }
    }
}
