import Benchmarks
import DataQuality
import Foundation
import InstructData

/// The data-quality stage of a run (DESIGN.md: the paper decontaminated both the original and
/// the new data): each phase's training file is decontaminated against the named benchmarks and
/// cleared of near-duplicates, in place, with the removed records and their evidence beside it.
public struct CorpusCleaning: Sendable {
    public var decontaminator: Decontaminator?
    public var deduplicate: Bool

    public init(decontaminator: Decontaminator?, deduplicate: Bool) {
        self.decontaminator = decontaminator
        self.deduplicate = deduplicate
    }

    public var isActive: Bool { decontaminator != nil || deduplicate }

    /// Loads the benchmarks named in the settings (`humaneval`, `mbpp`, or problem files; the
    /// known ones from their `humaneval:`/`mbpp:` files or the vendored data).
    public static func make(settings: InverseInstructSettings) throws -> CorpusCleaning {
        var benchmarks: [Benchmark] = []
        if !settings.decontaminate.isEmpty {
            benchmarks = try BenchmarkSelection(names: settings.decontaminate, humanEvalPath: settings.humaneval,
                                                mbppPath: settings.mbpp).load()
        }
        return CorpusCleaning(decontaminator: benchmarks.isEmpty ? nil : Decontaminator(benchmarks: benchmarks),
                              deduplicate: settings.dedup)
    }

    /// Cleans one training file in place; returns removed records per method.
    public func clean(_ path: String) async throws -> [String: Int] {
        var removed: [String: Int] = [:]
        let base = path.replacingOccurrences(of: ".jsonl", with: "")
        if let decontaminator {
            let job = DecontaminationJob(input: path, output: path, decontaminator: decontaminator,
                                         evidencePath: base + ".contaminated.jsonl")
            let summary = try await job.run()
            removed.merge(summary.removed, uniquingKeysWith: +)
        }
        if deduplicate {
            let summary = try await DedupJob(input: path, output: path, evidencePath: base + ".duplicates.jsonl").run()
            removed.merge(summary.removed, uniquingKeysWith: +)
        }
        return removed
    }
}
