/// What went wrong talking to a model server. Every case names the endpoint, so a failure in a
/// run over many endpoints says where it happened. API keys never appear here.
public indirect enum ModelClientError: Error, Sendable, CustomStringConvertible {
    /// The server answered with an error status; `message` is the server's own.
    case http(endpoint: String, status: Int, message: String, retryAfterSeconds: Double?)
    /// No connection, or it broke before a reply arrived.
    case connection(endpoint: String, detail: String)
    /// No complete reply within the request timeout.
    case timeout(endpoint: String, seconds: Double)
    /// A 200 reply that is not a completion (invalid JSON, wrong shape).
    case invalidReply(endpoint: String, detail: String)
    /// Retries used up; `last` is the final attempt's error.
    case retriesExhausted(attempts: Int, last: ModelClientError)
    /// The server lacks something the caller needs (logprobs, n > 1, raw completions).
    case unsupported(endpoint: String, detail: String)
    /// Every endpoint of a pool is marked down.
    case noEndpointAvailable(detail: String)
    /// Bad configuration (an unset API-key variable, a malformed URL).
    case configuration(String)

    /// Whether trying again (here or at another endpoint) may help.
    public var isRetryable: Bool {
        switch self {
        case .http(_, let status, _, _): status == 429 || status == 408 || status >= 500
        case .connection, .timeout, .invalidReply: true
        case .retriesExhausted, .unsupported, .noEndpointAvailable, .configuration: false
        }
    }

    /// Whether the failure says the endpoint itself is unwell (as opposed to this one request).
    var suggestsEndpointDown: Bool {
        switch self {
        case .connection, .timeout: true
        case .http(_, let status, _, _): status >= 500
        default: false
        }
    }

    var retryAfterSeconds: Double? {
        if case .http(_, _, _, let seconds) = self { return seconds }
        return nil
    }

    public var endpoint: String? {
        switch self {
        case .http(let endpoint, _, _, _), .connection(let endpoint, _), .timeout(let endpoint, _),
             .invalidReply(let endpoint, _), .unsupported(let endpoint, _): endpoint
        case .retriesExhausted(_, let last): last.endpoint
        case .noEndpointAvailable, .configuration: nil
        }
    }

    public var description: String {
        switch self {
        case .http(let endpoint, let status, let message, _): "\(endpoint): HTTP \(status): \(message)"
        case .connection(let endpoint, let detail): "\(endpoint): connection failed: \(detail)"
        case .timeout(let endpoint, let seconds): "\(endpoint): no reply within \(Self.format(seconds)) s"
        case .invalidReply(let endpoint, let detail): "\(endpoint): invalid reply: \(detail)"
        case .retriesExhausted(let attempts, let last): "gave up after \(attempts) attempts: \(last)"
        case .unsupported(let endpoint, let detail): "\(endpoint): \(detail)"
        case .noEndpointAvailable(let detail): "no model endpoint available: \(detail)"
        case .configuration(let detail): detail
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
