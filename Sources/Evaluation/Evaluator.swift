import Benchmarks
import Foundation
import InstructData
import Sandbox

/// The verdict on one sample.
public struct SampleResult: Sendable, Hashable, Codable {
    public var taskID: String
    /// Position of the sample among its task's samples (0-based, file order).
    public var sample: Int
    /// Where the sample is in the samples file.
    public var line: Int?
    public var status: JobResult.Status
    public var passed: Bool
    public var stage: String?
    public var exception: String?
    public var message: String?
    public var duration: Double
    /// evalplus files: the verdict on the base inputs and on base + plus inputs.
    public var basePassed: Bool?
    public var plusPassed: Bool?

    enum CodingKeys: String, CodingKey {
        case sample, line, status, passed, stage, exception, message, duration
        case taskID = "task_id"
        case basePassed = "base_passed"
        case plusPassed = "plus_passed"
    }
}

/// Totals of an evaluation.
public struct EvaluationReport: Sendable {
    public var results: [SampleResult]
    public var tasks: Int
    public var samples: Int
    /// Mean pass@k over tasks, for every reportable k (base tests for evalplus files).
    public var passAtK: [Int: Double]
    /// evalplus files: pass@k on base + plus inputs.
    public var plusPassAtK: [Int: Double]?
    public var statusCounts: [JobResult.Status: Int]
    public var seconds: Double
}

/// Checks samples against their problems in the sandbox and computes pass@k.
public struct Evaluator: Sendable {
    public let pool: SandboxPool
    /// Wall-clock limit per sample; nil takes the pool's.
    public var timeout: Double?

    public init(pool: SandboxPool, timeout: Double? = nil) {
        self.pool = pool
        self.timeout = timeout
    }

    /// Runs every sample. `progress` is called once per finished sample.
    public func evaluate(problems: [BenchmarkProblem], samples: [Sample],
                         progress: @escaping @Sendable () -> Void = {}) async throws -> EvaluationReport {
        let started = ContinuousClock.now
        let byID = Dictionary(problems.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        var indexInTask: [Int] = []
        var perTask: [String: Int] = [:]
        for sample in samples {
            guard byID[sample.taskID] != nil else {
                let place = sample.location.map { "\($0): " } ?? ""
                throw ToolError(.invalidInput, "\(place)task '\(sample.taskID)' is not in the problems file")
            }
            indexInTask.append(perTask[sample.taskID, default: 0])
            perTask[sample.taskID, default: 0] += 1
        }
        let evalPlus = EvalPlusCheck(pool: pool)
        let order = await Self.longestFirst(samples, problems: byID, evalPlus: evalPlus)

        let limit = max(2, pool.configuration.workers * 2)
        var results = [SampleResult?](repeating: nil, count: samples.count)
        try await withThrowingTaskGroup(of: (Int, SampleResult).self) { group in
            var next = 0
            func submit() {
                let index = order[next]
                next += 1
                let sample = samples[index]
                guard let problem = byID[sample.taskID] else { return }
                let position = indexInTask[index]
                group.addTask {
                    if problem.plus != nil {
                        let (base, plus) = try await evalPlus.check(program: problem.program(for: sample), problem: problem)
                        return (index, SampleResult(sample: sample, position: position, base: base, plus: plus))
                    }
                    let result = await check(sample, problem: problem)
                    return (index, SampleResult(sample: sample, position: position, result: result))
                }
            }
            while next < samples.count && next < limit { submit() }
            while let (index, result) = try await group.next() {
                results[index] = result
                progress()
                if next < samples.count { submit() }
            }
        }
        let finished = results.compactMap { $0 }
        return Self.report(finished, seconds: (ContinuousClock.now - started).seconds)
    }

    /// The order to start samples in: the slowest first, by the canonical solution's time on
    /// their task (evalplus tasks; the others keep their place after them). A few HumanEval+
    /// tasks take seconds where most take milliseconds; one started last keeps a single worker
    /// busy while the others idle. The canonical outputs this needs are computed (or read from
    /// the cache) here, all at once, rather than as their first sample comes.
    static func longestFirst(_ samples: [Sample], problems: [String: BenchmarkProblem], evalPlus: EvalPlusCheck) async -> [Int] {
        let evalPlusTasks = Set(samples.map(\.taskID)).compactMap { problems[$0] }.filter { $0.plus != nil }
        guard !evalPlusTasks.isEmpty else { return Array(samples.indices) }
        let seconds = await withTaskGroup(of: (String, Double?).self) { group in
            for problem in evalPlusTasks {
                group.addTask { (problem.taskID, await evalPlus.expectedSeconds(problem)) }
            }
            var seconds: [String: Double] = [:]
            for await (taskID, value) in group { seconds[taskID] = value }
            return seconds
        }
        // Stable: equal costs keep the file's order.
        return samples.indices.sorted { a, b in
            let (x, y) = (seconds[samples[a].taskID] ?? 0, seconds[samples[b].taskID] ?? 0)
            return x != y ? x > y : a < b
        }
    }

    private func check(_ sample: Sample, problem: BenchmarkProblem) async -> JobResult {
        var job = SandboxJob.assertion(program: problem.program(for: sample), tests: problem.tests,
                                       checkFunction: problem.checkFunction, entryPoint: problem.entryPoint)
        job.timeout = timeout
        return await pool.run(job)
    }

    static func report(_ results: [SampleResult], seconds: Double) -> EvaluationReport {
        var base: [String: (samples: Int, correct: Int)] = [:]
        var plus: [String: (samples: Int, correct: Int)] = [:]
        var statuses: [JobResult.Status: Int] = [:]
        var hasPlus = false
        for result in results {
            statuses[result.status, default: 0] += 1
            let basePassed = result.basePassed ?? result.passed
            base[result.taskID, default: (0, 0)].samples += 1
            if basePassed { base[result.taskID, default: (0, 0)].correct += 1 }
            if let plusPassed = result.plusPassed {
                hasPlus = true
                plus[result.taskID, default: (0, 0)].samples += 1
                if plusPassed { plus[result.taskID, default: (0, 0)].correct += 1 }
            }
        }
        let counts = Array(base.values)
        let ks = PassAtK.reportable(minimumSamples: counts.map(\.samples).min() ?? 0)
        let passAtK = Dictionary(uniqueKeysWithValues: ks.map { ($0, PassAtK.mean(counts, k: $0)) })
        var plusPassAtK: [Int: Double]?
        if hasPlus {
            let plusCounts = Array(plus.values)
            plusPassAtK = Dictionary(uniqueKeysWithValues: ks.map { ($0, PassAtK.mean(plusCounts, k: $0)) })
        }
        return EvaluationReport(results: results, tasks: base.count, samples: results.count, passAtK: passAtK,
                                plusPassAtK: plusPassAtK, statusCounts: statuses, seconds: seconds)
    }
}

extension SampleResult {
    init(sample: Sample, position: Int, result: JobResult) {
        taskID = sample.taskID
        self.sample = position
        line = sample.location?.line
        status = result.status
        stage = result.stage
        exception = result.exception
        message = result.message.map { String($0.prefix(500)) }
        duration = result.duration
        passed = result.status == .passed
    }

    /// evalplus: `passed` is the base verdict; `plus_passed` needs base and plus. Status and
    /// message are the run that decided (the plus run once the base passed).
    init(sample: Sample, position: Int, base: JobResult, plus: JobResult?) {
        let deciding = plus ?? base
        self.init(sample: sample, position: position, result: deciding)
        if plus != nil, deciding.status != .passed { message = "plus_input " + (message ?? "") }
        duration = base.duration + (plus?.duration ?? 0)
        passed = base.status == .passed
        basePassed = passed
        plusPassed = passed && plus?.status == .passed
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
