import Foundation
import NIOHTTP1

/// A `LanguageModel` backed by one OpenAI-compatible server (vLLM, SGLang, llama.cpp's
/// server, OpenAI-style APIs). Retries connection errors, timeouts, 429 and 5xx with backoff,
/// honouring Retry-After; a request that still fails reports the server's message.
public struct OpenAICompatibleClient: LanguageModel {
    public let endpoint: Endpoint
    public let configuration: ClientConfiguration
    let transport: HTTPTransport
    private let apiKey: APIKey?

    /// Throws when the endpoint names an API-key variable that is not set.
    public init(endpoint: Endpoint, transport: HTTPTransport, configuration: ClientConfiguration = ClientConfiguration(),
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.endpoint = endpoint
        self.transport = transport
        self.configuration = configuration
        self.apiKey = try endpoint.apiKey(environment: environment)
    }

    public func complete(_ request: CompletionRequest) async throws -> CompletionResult {
        let body = RequestBody(model: request.model ?? endpoint.model, payload: .prompt(request.prompt),
                               sampling: request.sampling, kind: endpoint.kind, contextPerSlot: endpoint.contextPerSlot)
        return try await withRetries { try await post("/v1/completions", body) }
    }

    public func chat(_ request: ChatRequest) async throws -> CompletionResult {
        let body = RequestBody(model: request.model ?? endpoint.model, payload: .messages(request.messages),
                               sampling: request.sampling, kind: endpoint.kind, contextPerSlot: endpoint.contextPerSlot)
        return try await withRetries { try await post("/v1/chat/completions", body) }
    }

    /// The client without retries (an `EndpointPool` does its own, across endpoints).
    func singleAttempt() -> OpenAICompatibleClient {
        var copy = self
        copy.retryOverride = .singleAttempt
        return copy
    }

    private var retryOverride: RetryPolicy?
    private var retry: RetryPolicy { retryOverride ?? configuration.retry }

    private func withRetries(_ attempt: () async throws -> CompletionResult) async throws -> CompletionResult {
        var failures = 0
        while true {
            do {
                return try await attempt()
            } catch let error as ModelClientError {
                failures += 1
                guard error.isRetryable else { throw error }
                guard failures < retry.maxAttempts else {
                    throw retry.maxAttempts == 1 ? error : ModelClientError.retriesExhausted(attempts: failures, last: error)
                }
                let delay = retry.delay(afterAttempt: failures, retryAfter: error.retryAfterSeconds)
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
    }

    func post(_ path: String, _ body: RequestBody) async throws -> CompletionResult {
        let bytes = try Array(Self.encoder.encode(body))
        let started = ContinuousClock.now
        let reply = try await transport.send(method: .POST, url: endpoint.url(path), endpoint: endpoint.baseURL,
                                             body: bytes, apiKey: apiKey, timeout: configuration.requestTimeout,
                                             maxReplyBytes: configuration.maxReplyBytes)
        guard reply.status == 200 else { throw Self.error(for: reply, endpoint: endpoint.baseURL) }
        var result = try ReplyParser.parse(reply.body, endpoint: endpoint.baseURL)
        if endpoint.kind == .llamaCpp, result.choices.count > 1 {
            result.usage = Self.llamaCppUsage(result, tokenized: await tokenizedLengths(of: result))
        }
        result.seconds = (ContinuousClock.now - started).seconds
        return result
    }

    /// GET a JSON document (probing); nil for 404.
    func getJSON(_ path: String, timeout: Double? = nil) async throws -> Any? {
        let reply = try await transport.send(method: .GET, url: endpoint.url(path), endpoint: endpoint.baseURL,
                                             body: nil, apiKey: apiKey, timeout: timeout ?? configuration.connectTimeout,
                                             maxReplyBytes: configuration.maxReplyBytes)
        if reply.status == 404 || reply.status == 405 { return nil }
        guard reply.status == 200 else { throw Self.error(for: reply, endpoint: endpoint.baseURL) }
        return try? JSONSerialization.jsonObject(with: Data(reply.body))
    }

    /// llama.cpp reports only choice 0's completion tokens however large `n` is (measured on
    /// the bundled engine: its count is choice 0's tokens plus the stop token). The others are
    /// counted from their logprobs when present, else from `tokenized` (each choice's text
    /// through the server's tokenizer, plus one for the stop token: within a token or two of
    /// what was generated), else by scaling choice 0's count.
    static func llamaCppUsage(_ result: CompletionResult, tokenized: [Int: Int]?) -> TokenUsage {
        guard result.choices.count > 1 else { return result.usage }
        var usage = result.usage
        let counted = result.choices.compactMap { $0.logprobs?.count }
        if counted.count == result.choices.count {
            usage.completionTokens = counted.reduce(0, +)
        } else if let tokenized {
            usage.completionTokens = result.usage.completionTokens + result.choices.filter { $0.index != 0 }.reduce(0) { sum, choice in
                sum + (tokenized[choice.index] ?? result.usage.completionTokens) + (choice.finishReason == .stop ? 1 : 0)
            }
        } else {
            usage.completionTokens = result.usage.completionTokens * result.choices.count
        }
        return usage
    }

    /// Token counts of every choice but choice 0, from the server's /tokenize; nil when the
    /// logprobs already count them or the server cannot tokenize.
    func tokenizedLengths(of result: CompletionResult) async -> [Int: Int]? {
        guard result.choices.contains(where: { $0.logprobs == nil }) else { return nil }
        struct Counted: Sendable { var index: Int; var count: Int? }
        return await withTaskGroup(of: Counted.self) { group -> [Int: Int]? in
            for choice in result.choices where choice.index != 0 {
                group.addTask { Counted(index: choice.index, count: try? await tokenCount(choice.text)) }
            }
            var lengths: [Int: Int] = [:]
            while let counted = await group.next() {
                guard let count = counted.count else { return nil }
                lengths[counted.index] = count
            }
            return lengths
        }
    }

    func tokenCount(_ text: String) async throws -> Int {
        struct Body: Encodable { var content: String; var add_special = false }
        struct Reply: Decodable { var tokens: [Int] }
        let reply = try await transport.send(method: .POST, url: endpoint.url("/tokenize"), endpoint: endpoint.baseURL,
                                             body: Array(Self.encoder.encode(Body(content: text))), apiKey: apiKey,
                                             timeout: configuration.requestTimeout, maxReplyBytes: configuration.maxReplyBytes)
        guard reply.status == 200 else { throw Self.error(for: reply, endpoint: endpoint.baseURL) }
        return try JSONDecoder().decode(Reply.self, from: Data(reply.body)).tokens.count
    }

    private static let encoder = JSONEncoder()

    static func error(for reply: HTTPTransport.Reply, endpoint: String) -> ModelClientError {
        .http(endpoint: endpoint, status: reply.status, message: ServerErrorMessage.extract(from: reply.body),
              retryAfterSeconds: RetryAfter.seconds(from: reply.headers.first(name: "Retry-After")))
    }
}
