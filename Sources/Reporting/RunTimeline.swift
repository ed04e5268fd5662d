import Foundation
import RunStore

/// What a run's units did over wall-clock time, in equal buckets: requests finished, failures
/// and tokens per bucket, from the run store's start and finish times.
public struct RunTimeline: Sendable, Hashable, Codable {
    public struct Bucket: Sendable, Hashable, Codable {
        public var finished = 0
        public var failed = 0
        public var promptTokens = 0
        public var completionTokens = 0
    }

    /// Seconds since 1970 of the first unit's start.
    public var start: Double
    public var bucketSeconds: Double
    public var buckets: [Bucket]

    public init(start: Double, bucketSeconds: Double, buckets: [Bucket]) {
        self.start = start
        self.bucketSeconds = bucketSeconds
        self.buckets = buckets
    }

    /// Buckets over the span from the first start to the last finish; nil when no unit finished.
    public static func make(units: [WorkUnit], bucketCount: Int = 60) -> RunTimeline? {
        let finished = units.filter { $0.finishedAt != nil && ($0.status == .done || $0.status == .failed) }
        guard let first = finished.compactMap({ ($0.startedAt ?? $0.finishedAt)?.timeIntervalSince1970 }).min(),
              let last = finished.compactMap({ $0.finishedAt?.timeIntervalSince1970 }).max() else { return nil }
        let span = max(last - first, 1)
        let count = max(1, min(bucketCount, Int(span.rounded(.up))))
        let width = span / Double(count)
        var buckets = Array(repeating: Bucket(), count: count)
        for unit in finished {
            guard let end = unit.finishedAt?.timeIntervalSince1970 else { continue }
            let index = min(count - 1, max(0, Int((end - first) / width)))
            if unit.status == .failed { buckets[index].failed += 1 } else { buckets[index].finished += 1 }
            buckets[index].promptTokens += unit.usage.promptTokens
            buckets[index].completionTokens += unit.usage.completionTokens
        }
        return RunTimeline(start: first, bucketSeconds: width, buckets: buckets)
    }
}
