import InstructData

/// One generated instruction for one snippet. Its identity is explicit: the snippet, the
/// sample index and the fingerprint of the generation settings, never the order in which a
/// server returned outputs.
public struct Candidate: Sendable, Hashable, Codable {
    public var snippetID: String
    public var index: Int
    public var opener: String
    /// The cleaned instruction, when the continuation gave one.
    public var instruction: String?
    /// Why the continuation gave no instruction (empty, degenerate, ...).
    public var rejection: String?
    /// The model's continuation as returned, kept for audit.
    public var raw: String
    public var finishReason: String

    enum CodingKeys: String, CodingKey {
        case index, opener, instruction, rejection, raw
        case snippetID = "snippet_id"
        case finishReason = "finish_reason"
    }

    public static func key(snippetID: String, index: Int, fingerprint: String) -> String {
        "\(snippetID)/\(index)/\(fingerprint)"
    }
}

/// The result of one summarize unit: the K candidates of one snippet.
public struct SummarizeResult: Sendable, Hashable, Codable {
    public var candidates: [Candidate]
}

/// The result of one score unit.
public struct ScoreResult: Sendable, Hashable, Codable {
    public var score: LMScore
    /// The token the model generated first.
    public var token: String
    /// Raw token → logprob at the first position, as the server gave it.
    public var top: [String: Double]
}

/// What a score unit needs.
public struct ScorePayload: Sendable, Hashable, Codable {
    public var snippetID: String
    public var index: Int
    public var instruction: String

    enum CodingKeys: String, CodingKey {
        case index, instruction
        case snippetID = "snippet_id"
    }
}

/// What a summarize unit needs.
public struct SummarizePayload: Sendable, Hashable, Codable {
    public var snippetID: String
    public var language: String
    public var code: String
    /// The opener of every candidate, or of the first when `openers` is set.
    public var opener: String
    /// One opener per candidate, when each draws its own (`opener_draw: candidate`).
    public var openers: [String]?

    enum CodingKeys: String, CodingKey {
        case language, code, opener, openers
        case snippetID = "snippet_id"
    }

    public init(snippetID: String, language: String, code: String, opener: String, openers: [String]? = nil) {
        self.snippetID = snippetID
        self.language = language
        self.code = code
        self.opener = opener
        self.openers = openers
    }

    /// The opener of each of `count` candidates.
    public func candidateOpeners(count: Int) -> [String] {
        (0..<count).map { index in
            guard let openers, index < openers.count else { return opener }
            return openers[index]
        }
    }
}
