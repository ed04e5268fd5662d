import Foundation
import InstructData

/// What one decontamination or dedup evidence file (`*.contaminated.jsonl`,
/// `*.duplicates.jsonl`) says was removed, by method and benchmark.
public struct CleaningSection: Sendable, Hashable, Codable {
    public struct Count: Sendable, Hashable, Codable {
        public var name: String
        public var count: Int
    }

    public var path: String
    /// "decontamination" or "dedup".
    public var kind: String
    public var removed: Int
    public var byMethod: [Count]
    public var byBenchmark: [Count]
    /// Decontamination: the benchmark tasks that matched most often (at most 20).
    public var topTasks: [Count]

    public static func kind(ofEvidence path: String) -> String? {
        if path.hasSuffix(".contaminated.jsonl") { return "decontamination" }
        if path.hasSuffix(".duplicates.jsonl") { return "dedup" }
        return nil
    }

    public static func load(path: String) throws -> CleaningSection {
        let kind = Self.kind(ofEvidence: path) ?? "dedup"
        var methods: [String: Int] = [:]
        var benchmarks: [String: Int] = [:]
        var tasks: [String: Int] = [:]
        let records = try JSONLines.objects(path: path)
        for record in records {
            methods[record["method"]?.stringValue ?? "unknown", default: 0] += 1
            if let benchmark = record["benchmark"]?.stringValue { benchmarks[benchmark, default: 0] += 1 }
            if let task = record["task_id"]?.stringValue { tasks[task, default: 0] += 1 }
        }
        func counts(_ dictionary: [String: Int]) -> [Count] {
            dictionary.map { Count(name: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        }
        return CleaningSection(path: path, kind: kind, removed: records.count, byMethod: counts(methods),
                               byBenchmark: counts(benchmarks), topTasks: Array(counts(tasks).prefix(20)))
    }
}
