import Foundation
import InstructData
import Pipelines
import RunStore

/// What the page shows of one Semi-Instruct run directory: the kept/lost funnel with reasons,
/// and how many tests the kept pairs pass, from the run store's generate and validate units.
public struct SemiInstructSection: Sendable, Hashable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var name: String
        public var count: Int
    }

    public var runDirectory: String
    public var model: String
    /// Originals → samples generated → replies parsed → original ran → kept.
    public var funnel: [Step]
    /// Reason → samples lost.
    public var reasons: [String: Int]
    /// Index n: kept pairs passing n tests.
    public var testsPassed: [Int]
    public var usage: RunUsage
    public var timeline: RunTimeline?

    public static func isSemiInstructRun(_ store: RunStore) throws -> Bool {
        try store.stages().contains(SemiInstructRun.generateStage)
    }

    public static func load(directory: URL, store: RunStore) throws -> SemiInstructSection {
        let generation = try store.units(stage: SemiInstructRun.generateStage)
        let validation = try store.units(stage: SemiInstructRun.validateStage)
        var reasons: [String: Int] = [:]
        var testsPassed: [Int] = []
        var (parsed, originalRan, kept) = (0, 0, 0)
        let samples = validation.count
        for unit in validation {
            guard unit.status == .done, let verdict = try? unit.decodedResult(PairVerdict.self) else {
                reasons[unit.status == .failed ? "validation failed" : "not validated yet", default: 0] += 1
                continue
            }
            if verdict.outcome != .parseFailure { parsed += 1 }
            if verdict.outcome == .kept || verdict.outcome == .rejected { originalRan += 1 }
            if verdict.outcome == .kept {
                kept += 1
                while testsPassed.count <= verdict.passed { testsPassed.append(0) }
                testsPassed[verdict.passed] += 1
            } else {
                reasons[ReasonKey.of(verdict.reason ?? verdict.outcome.rawValue), default: 0] += 1
            }
        }
        let generationFailed = generation.filter { $0.status == .failed }.count
        if generationFailed > 0 { reasons["generation failed"] = generationFailed }
        let timeline = RunTimeline.make(units: generation)
        return SemiInstructSection(
            runDirectory: directory.path, model: try store.meta("semi.model") ?? "",
            funnel: [Step(name: "originals", count: generation.count), Step(name: "samples generated", count: samples),
                     Step(name: "replies parsed", count: parsed), Step(name: "original ran", count: originalRan),
                     Step(name: "kept", count: kept)],
            reasons: reasons, testsPassed: testsPassed,
            usage: RunUsage(units: generation, timeline: timeline, pricePerMillionPrompt: nil, pricePerMillionCompletion: nil),
            timeline: timeline)
    }
}
