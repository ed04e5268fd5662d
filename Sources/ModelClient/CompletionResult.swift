/// What a model answered: every choice, the token usage and who answered.
public struct CompletionResult: Sendable, Hashable {
    public var choices: [Choice]
    public var usage: TokenUsage
    /// The model name the server reported.
    public var model: String
    /// Base URL of the endpoint that answered (set by the client; a pool reports the one it used).
    public var endpoint: String
    /// Wall time of the successful attempt, in seconds.
    public var seconds: Double

    public init(choices: [Choice], usage: TokenUsage, model: String, endpoint: String, seconds: Double = 0) {
        self.choices = choices
        self.usage = usage
        self.model = model
        self.endpoint = endpoint
        self.seconds = seconds
    }

    /// The first choice's text, or "" when the server returned none.
    public var text: String { choices.first?.text ?? "" }
}

/// One generated continuation.
public struct Choice: Sendable, Hashable {
    public var index: Int
    public var text: String
    public var finishReason: FinishReason
    /// Per generated position, when logprobs were asked for and the server returned them.
    public var logprobs: [TokenLogprobs]?

    public init(index: Int, text: String, finishReason: FinishReason, logprobs: [TokenLogprobs]? = nil) {
        self.index = index
        self.text = text
        self.finishReason = finishReason
        self.logprobs = logprobs
    }
}

/// Why generation stopped.
public enum FinishReason: Sendable, Hashable, CustomStringConvertible {
    /// A stop sequence or the end-of-sequence token.
    case stop
    /// `max_tokens` reached.
    case length
    case other(String)
    case unknown

    init(_ raw: String?) {
        switch raw {
        case "stop", "eos", "stop_sequence": self = .stop
        case "length", "max_tokens": self = .length
        case nil: self = .unknown
        case let value?: self = .other(value)
        }
    }

    public var description: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .other(let value): value
        case .unknown: "unknown"
        }
    }
}

/// The sampled token at one position and the most likely alternatives there.
public struct TokenLogprobs: Sendable, Hashable {
    public var token: String
    public var logprob: Double?
    /// Alternatives, most likely first.
    public var top: [TopLogprob]

    public init(token: String, logprob: Double?, top: [TopLogprob]) {
        self.token = token
        self.logprob = logprob
        self.top = top
    }

    /// token → logprob. Where a server lists the same text twice (distinct token ids that
    /// decode alike), the larger logprob wins.
    public var dictionary: [String: Double] {
        var result: [String: Double] = [:]
        for entry in top { result[entry.token] = max(result[entry.token] ?? -.infinity, entry.logprob) }
        return result
    }
}

public struct TopLogprob: Sendable, Hashable {
    public var token: String
    public var logprob: Double

    public init(token: String, logprob: Double) {
        self.token = token
        self.logprob = logprob
    }
}
