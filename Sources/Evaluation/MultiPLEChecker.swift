import Benchmarks
import Foundation
import InstructData
import Sandbox

/// Checks MultiPL-E samples of one language in the sandbox: each program (prompt + completion
/// + newline + tests) is compiled and run as MultiPL-E does, and passes when every step exits 0
/// (and, for PHP, prints no parse error). Identical programs are checked once per run.
public struct MultiPLEChecker: Sendable {
    public let pool: SandboxPool
    public let toolchain: MultiPLEToolchain
    public var limits: MultiPLELimits

    public init(pool: SandboxPool, toolchain: MultiPLEToolchain, limits: MultiPLELimits = MultiPLELimits()) {
        self.pool = pool
        self.toolchain = toolchain
        self.limits = limits
    }

    /// Runs every sample; `progress` is called once per finished sample.
    public func evaluate(problems: [MultiPLEProblem], samples: [Sample],
                         progress: @escaping @Sendable () -> Void = {}) async throws -> EvaluationReport {
        let started = ContinuousClock.now
        let byName = Dictionary(problems.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var positions: [Int] = []
        var perTask: [String: Int] = [:]
        var programs: [String] = []
        for sample in samples {
            guard let problem = byName[sample.taskID] else {
                let place = sample.location.map { "\($0): " } ?? ""
                throw ToolError(.invalidInput, "\(place)task '\(sample.taskID)' is not a MultiPL-E \(toolchain.language.code) problem")
            }
            positions.append(perTask[sample.taskID, default: 0])
            perTask[sample.taskID, default: 0] += 1
            programs.append(problem.program(completion: sample.code))
        }
        // Same source, same verdict: each distinct program runs once (greedy samples repeat).
        var firstIndex: [String: Int] = [:]
        var distinct: [Int] = []
        var copies: [Int: Int] = [:]
        for (index, program) in programs.enumerated() {
            if let first = firstIndex[program] {
                copies[first, default: 1] += 1
            } else {
                firstIndex[program] = index
                distinct.append(index)
            }
        }
        let limit = max(2, pool.configuration.workers * 2)
        var verdicts: [Int: JobResult] = [:]
        try await withThrowingTaskGroup(of: (Int, JobResult).self) { group in
            var next = 0
            func submit() {
                let index = distinct[next]
                next += 1
                let job = toolchain.job(program: programs[index], limits: limits)
                group.addTask { (index, await pool.run(job)) }
            }
            while next < distinct.count && next < limit { submit() }
            while let (index, result) = try await group.next() {
                verdicts[index] = result
                for _ in 0..<copies[index, default: 1] { progress() }
                if next < distinct.count { submit() }
            }
        }
        var results: [SampleResult] = []
        for (index, sample) in samples.enumerated() {
            guard let first = firstIndex[programs[index]], let result = verdicts[first] else { continue }
            results.append(SampleResult(taskID: sample.taskID, sample: positions[index], line: sample.location?.line,
                                        status: result.status, passed: result.status == .passed, stage: result.stage,
                                        exception: result.exception, message: Self.message(result),
                                        duration: result.duration, basePassed: nil, plusPassed: nil))
        }
        return Evaluator.report(results, seconds: (ContinuousClock.now - started).seconds)
    }

    /// Why a program failed: the worker's verdict ("run: exit status 1") and the end of what the
    /// failing step wrote (stderr, or stdout where stderr is empty: PHP prints its errors), which
    /// holds the failing assertion or the compiler's error.
    static func message(_ result: JobResult) -> String? {
        guard result.status != .passed else { return result.message }
        let output = result.stderr.trimmingWhitespace().isEmpty ? result.stdout : result.stderr
        let tail = String(output.trimmingWhitespace().suffix(messageTail))
        let verdict = result.message.map { String($0.prefix(500)) }
        guard !tail.isEmpty else { return verdict }
        return (verdict.map { $0 + "\n" } ?? "") + tail
    }

    /// Characters of output kept in a failed sample's message.
    static let messageTail = 1000
}
