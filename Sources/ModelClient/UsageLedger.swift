/// Tokens, requests and time spent, per endpoint: the accounting a pipeline keeps in its run
/// store and shows in summaries. A value type: snapshot it, subtract two snapshots for a stage,
/// encode it as JSON.
public struct UsageLedger: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var requests = 0
        public var failures = 0
        public var usage = TokenUsage()
        /// Sum of request wall times (busy time, not elapsed time: requests overlap).
        public var requestSeconds = 0.0

        public init() {}

        public static func - (lhs: Entry, rhs: Entry) -> Entry {
            var result = Entry()
            result.requests = lhs.requests - rhs.requests
            result.failures = lhs.failures - rhs.failures
            result.usage = TokenUsage(promptTokens: lhs.usage.promptTokens - rhs.usage.promptTokens,
                                      completionTokens: lhs.usage.completionTokens - rhs.usage.completionTokens)
            result.requestSeconds = lhs.requestSeconds - rhs.requestSeconds
            return result
        }
    }

    /// Keyed by endpoint base URL.
    public private(set) var endpoints: [String: Entry] = [:]

    public init() {}

    public mutating func recordSuccess(endpoint: String, usage: TokenUsage, seconds: Double) {
        endpoints[endpoint, default: Entry()].requests += 1
        endpoints[endpoint, default: Entry()].usage += usage
        endpoints[endpoint, default: Entry()].requestSeconds += seconds
    }

    public mutating func recordFailure(endpoint: String, seconds: Double) {
        endpoints[endpoint, default: Entry()].failures += 1
        endpoints[endpoint, default: Entry()].requestSeconds += seconds
    }

    public var total: Entry {
        endpoints.values.reduce(into: Entry()) { sum, entry in
            sum.requests += entry.requests
            sum.failures += entry.failures
            sum.usage += entry.usage
            sum.requestSeconds += entry.requestSeconds
        }
    }

    /// What happened between an earlier snapshot and this one (e.g. one stage).
    public func since(_ earlier: UsageLedger) -> UsageLedger {
        var result = UsageLedger()
        for (endpoint, entry) in endpoints {
            result.endpoints[endpoint] = entry - (earlier.endpoints[endpoint] ?? Entry())
        }
        return result
    }
}

/// Optional prices, per million tokens, that turn token counts into money.
public struct TokenPrice: Sendable, Hashable, Codable {
    public var promptPerMillion: Double
    public var completionPerMillion: Double

    public init(promptPerMillion: Double, completionPerMillion: Double) {
        self.promptPerMillion = promptPerMillion
        self.completionPerMillion = completionPerMillion
    }

    public func cost(of usage: TokenUsage) -> Double {
        (Double(usage.promptTokens) * promptPerMillion + Double(usage.completionTokens) * completionPerMillion) / 1_000_000
    }
}
