import Foundation

/// Order-preserving parallel map over an array with structured concurrency: one child task per
/// contiguous slice, as many slices as cores, so per-item work needs no locking.
public enum ParallelMap {
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], workers: Int = defaultWorkers, minimumSlice: Int = 64,
        _ transform: @escaping @Sendable (Item) -> Result
    ) async -> [Result] {
        let sliceCount = max(1, min(workers, items.count / max(1, minimumSlice)))
        if sliceCount == 1 { return items.map(transform) }
        let sliceSize = (items.count + sliceCount - 1) / sliceCount
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for slice in 0..<sliceCount {
                let range = (slice * sliceSize)..<min(items.count, (slice + 1) * sliceSize)
                guard !range.isEmpty else { continue }
                group.addTask { (slice, items[range].map(transform)) }
            }
            var parts = [[Result]](repeating: [], count: sliceCount)
            for await (slice, part) in group { parts[slice] = part }
            return parts.flatMap { $0 }
        }
    }
}
