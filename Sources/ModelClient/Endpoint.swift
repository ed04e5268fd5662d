import Foundation

/// One OpenAI-compatible server: where it is, what to call the model, how to authenticate and
/// how many requests it may have in flight.
public struct Endpoint: Sendable, Hashable {
    /// Root URL without the `/v1` suffix, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    public var model: String?
    /// Name of the environment variable that holds the API key (the key itself is read at
    /// connection time and never stored here, printed or logged).
    public var apiKeyVariable: String?
    public var maxConcurrentRequests: Int
    /// Known server kind; nil lets the capability probe find out.
    public var kind: ServerKind?
    /// Context tokens per slot (llama.cpp), as the probe found.
    public var contextPerSlot: Int?

    /// Accepts `host:port`, `http://host:port`, `.../v1` and trailing slashes.
    public init(url: String, model: String? = nil, apiKeyVariable: String? = nil,
                maxConcurrentRequests: Int = 64, kind: ServerKind? = nil) throws {
        var text = url.trimmingCharacters(in: .whitespaces)
        if !text.contains("://") { text = "http://" + text }
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/v1") { text.removeLast(3) }
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["http", "https"].contains(scheme.lowercased()), let host = components.host, !host.isEmpty else {
            throw ModelClientError.configuration("not an http(s) endpoint URL: \(url)")
        }
        guard maxConcurrentRequests > 0 else {
            throw ModelClientError.configuration("\(url): concurrency limit must be at least 1")
        }
        self.baseURL = text
        self.model = model
        self.apiKeyVariable = apiKeyVariable
        self.maxConcurrentRequests = maxConcurrentRequests
        self.kind = kind
    }

    /// For URLs this library made itself (the local engine's).
    init(trustedBaseURL: String, model: String?, maxConcurrentRequests: Int, kind: ServerKind?) {
        baseURL = trustedBaseURL
        self.model = model
        apiKeyVariable = nil
        self.maxConcurrentRequests = maxConcurrentRequests
        self.kind = kind
    }

    func url(_ path: String) -> String { baseURL + path }

    /// The API key from the named environment variable; an unset variable is an error here, at
    /// start, rather than a 401 from every request later.
    func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIKey? {
        guard let variable = apiKeyVariable else { return nil }
        guard let value = environment[variable], !value.isEmpty else {
            throw ModelClientError.configuration("environment variable \(variable) (API key for \(baseURL)) is not set")
        }
        return APIKey(value)
    }
}

/// A secret that prints as `<redacted>`, so it cannot leak into logs or error messages.
struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String
    init(_ value: String) { self.value = value }
    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
}
