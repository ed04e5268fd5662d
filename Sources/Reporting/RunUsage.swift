import RunStore

/// A run's model work in figures: requests, failures, tokens, time and, when a price is known,
/// cost.
public struct RunUsage: Sendable, Hashable, Codable {
    public var units = 0
    public var failedUnits = 0
    public var pendingUnits = 0
    public var promptTokens = 0
    public var completionTokens = 0
    /// The sum of every unit's own time (units overlap, so this exceeds the wall time).
    public var busySeconds = 0.0
    /// From the first unit's start to the last unit's finish.
    public var wallSeconds = 0.0
    public var completionTokensPerSecond = 0.0
    public var cost: Double?

    public init() {}

    public init(units: [WorkUnit], timeline: RunTimeline?, pricePerMillionPrompt: Double?, pricePerMillionCompletion: Double?) {
        for unit in units {
            self.units += 1
            switch unit.status {
            case .failed: failedUnits += 1
            case .pending, .running: pendingUnits += 1
            case .done: break
            }
            promptTokens += unit.usage.promptTokens
            completionTokens += unit.usage.completionTokens
            if let start = unit.startedAt, let end = unit.finishedAt { busySeconds += end.timeIntervalSince(start) }
        }
        if let timeline { wallSeconds = timeline.bucketSeconds * Double(timeline.buckets.count) }
        completionTokensPerSecond = wallSeconds > 0 ? Double(completionTokens) / wallSeconds : 0
        if pricePerMillionPrompt != nil || pricePerMillionCompletion != nil {
            cost = Double(promptTokens) / 1e6 * (pricePerMillionPrompt ?? 0)
                + Double(completionTokens) / 1e6 * (pricePerMillionCompletion ?? 0)
        }
    }
}
