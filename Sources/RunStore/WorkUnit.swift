import Foundation

/// Where a unit of work stands. Only `done` is final; `failed` units are retried while
/// attempts remain.
public enum UnitStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, done, failed
}

/// Tokens a unit spent at a model server (named apart from ModelClient's per-request usage).
public struct TokenCounts: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int

    public init(promptTokens: Int = 0, completionTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    public static func + (a: TokenCounts, b: TokenCounts) -> TokenCounts {
        TokenCounts(promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens)
    }
}

/// One unit of work of a stage, identified by a content-derived key (e.g. a hash of the
/// snippet, sample index and parameters), so re-enqueueing the same work is a no-op.
public struct WorkUnit: Sendable, Hashable {
    public var stage: String
    public var key: String
    public var status: UnitStatus
    public var attempts: Int
    /// What the unit needs as input, as JSON text (optional; keys are often enough).
    public var payload: String?
    /// The unit's result as JSON text, set exactly when `status == .done`.
    public var result: String?
    public var error: String?
    public var usage: TokenCounts
    public var endpoint: String?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Identifies the claim that set this unit running; completion must present it, so a
    /// worker whose claim was taken over cannot complete the unit a second time.
    public var claim: String?

    /// Decodes the payload.
    public func decodedPayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data((payload ?? "null").utf8))
    }

    /// Decodes the result.
    public func decodedResult<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data((result ?? "null").utf8))
    }
}

/// Counts per status for one stage, plus spent tokens and time.
public struct StageCounts: Sendable, Hashable, Codable {
    public var pending = 0
    public var running = 0
    public var done = 0
    public var failed = 0
    public var usage = TokenCounts()
    /// Sum of the wall time of finished units, in seconds.
    public var busySeconds = 0.0

    public var total: Int { pending + running + done + failed }

    public init() {}
}

/// Spent tokens and time of one stage at one endpoint.
public struct EndpointUsage: Sendable, Hashable, Codable {
    public var stage: String
    public var endpoint: String
    public var units: Int
    public var usage: TokenCounts
    public var busySeconds: Double
}
