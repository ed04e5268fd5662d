import Benchmarks
import Foundation
import InstructData
import Sandbox

/// evalplus 0.3.1's verdict on HumanEval+ / MBPP+ samples (`evalplus.evaluate`): the canonical
/// solution's outputs on `base_input` and `plus_input` are the expected ones, each sample runs
/// on the base inputs, then on the plus inputs, stopping at the first mismatch; it passes "+"
/// when both pass. The checking itself is `Python/evalplus_check.py`, run by the sandbox.
public actor EvalPlusCheck {
    /// evalplus's defaults (`evalplus/config.py`): an input may take 4× the canonical solution's
    /// time, and at least 1 s.
    public static let timeLimitFactor = 4.0
    public static let minimumTimeLimit = 1.0
    /// evalplus: RLIMIT_AS of 4 GiB.
    static let memoryBytes = 4 << 30
    /// The canonical solution's run has no limit in evalplus; this one only stops a hang.
    static let referenceTimeout = 600.0

    static let harness = String(decoding: PackageResources.evalplus_check_py, as: UTF8.self)

    public enum Part: String, Sendable { case base, plus }

    /// The canonical solution's outputs on one part (a compressed pickle, for the harness) and
    /// its time on each input, from which each input's time limit follows.
    struct Reference: Sendable {
        var expected: String
        var times: [Double]

        var timeLimits: [Double] { times.map { max(minimumTimeLimit, timeLimitFactor * $0) } }
        var seconds: Double { times.reduce(0, +) }
    }

    let pool: SandboxPool
    /// Where canonical outputs computed once are kept for later runs (nil: compute every run).
    let referenceCache: URL?
    private var references: [String: Task<Reference, any Error>] = [:]

    /// evalplus caches the canonical outputs and their run times on disk (`~/.cache/evalplus`),
    /// so its later runs only check samples; this does the same, in the tool's cache.
    public static var standardReferenceCache: URL {
        CacheDirectory.root().appendingPathComponent("evalplus-references", isDirectory: true)
    }

    public init(pool: SandboxPool, referenceCache: URL? = EvalPlusCheck.standardReferenceCache) {
        self.pool = pool
        self.referenceCache = referenceCache
    }

    /// evalplus's verdict: the base run, and the plus run when the base passed (evalplus counts
    /// a "+" pass only when both pass, so a failed base needs no plus run).
    func check(program: String, problem: BenchmarkProblem) async throws -> (base: JobResult, plus: JobResult?) {
        let base = try await run(program: program, problem: problem, part: .base)
        guard base.status == .passed else { return (base, nil) }
        return (base, try await run(program: program, problem: problem, part: .plus))
    }

    private func run(program: String, problem: BenchmarkProblem, part: Part) async throws -> JobResult {
        guard let plus = problem.plus, let entryPoint = problem.entryPoint, let kind = problem.kind else {
            throw ToolError(.invalidInput, "task \(problem.taskID): not an evalplus task")
        }
        if let verdict = Self.evalPlusVerdictWithoutRunning(problem, part: part) { return verdict }
        let reference = try await self.reference(problem, part: part)
        let inputs = part == .base ? plus.baseInputs : plus.plusInputs
        var job = SandboxJob.harness(Self.harness, program: program, payload: .object([
            "mode": .string("check"), "dataset": .string(kind.name), "task_id": .string(problem.taskID),
            "entry_point": .string(entryPoint), "inputs": .string(inputs), "expected": .string(reference.expected),
            "time_limits": .array(reference.timeLimits.map { .double($0) }), "atol": .double(plus.tolerance),
        ]))
        // evalplus: the process gets min(60, Σ limits) + 1 s, joined with 1 s more.
        let wall = min(60, reference.timeLimits.reduce(0, +)) + 2
        job.timeout = wall
        job.limits = ResourceLimits(cpuSeconds: Int(wall.rounded(.up)) + 1, memoryBytes: Self.memoryBytes)
        return await pool.run(job)
    }

    /// evalplus 0.3.1 fails every sample of MBPP+'s Mbpp/255 on its plus inputs, its own
    /// canonical solution included: the expected output for `(5 colors, 77)` is 1.66 million
    /// tuples (over 1 GB), and evalplus's checking process, forked from a pool worker that holds
    /// a copy of it and from a parent that holds every task's expected outputs, starts beyond its
    /// own 4 GiB address-space limit. (Measured: the same check passes in 5 s from a process that
    /// holds only the expected outputs.) So that this tool's MBPP+ numbers are evalplus's, the
    /// verdict is reproduced, and named, without running the sample.
    static func evalPlusVerdictWithoutRunning(_ problem: BenchmarkProblem, part: Part) -> JobResult? {
        guard problem.kind == .mbpp, problem.taskID == "255", part == .plus else { return nil }
        return JobResult(status: .failed, stage: "check", exception: "EvalPlusMemoryLimit",
                         message: "evalplus 0.3.1 fails every Mbpp/255 sample on plus (its checking process starts beyond its 4 GiB address-space limit)")
    }

    /// What checking a sample of `problem` is expected to take: the canonical solution's time on
    /// the parts a sample runs (nil when the canonical solution does not run; its check says why).
    func expectedSeconds(_ problem: BenchmarkProblem) async -> Double? {
        var total = 0.0
        for part in [Part.base, .plus] where Self.evalPlusVerdictWithoutRunning(problem, part: part) == nil {
            guard let reference = try? await reference(problem, part: part) else { return nil }
            total += reference.seconds
        }
        return total
    }

    /// The canonical solution's outputs, computed once per task and part.
    func reference(_ problem: BenchmarkProblem, part: Part) async throws -> Reference {
        let key = "\(problem.taskID)\u{0}\(part.rawValue)"
        if let known = references[key] { return try await known.value }
        let pool = self.pool
        let cache = referenceCache
        let task = Task {
            let file = cache.map { Self.cacheFile(in: $0, problem: problem, part: part) }
            if let file, let known = Self.readCached(file) { return known }
            let computed = try await Self.computeReference(problem, part: part, pool: pool)
            if let file { Self.writeCached(computed, to: file) }
            return computed
        }
        references[key] = task
        return try await task.value
    }

    private static func computeReference(_ problem: BenchmarkProblem, part: Part, pool: SandboxPool) async throws -> Reference {
        guard let plus = problem.plus, let entryPoint = problem.entryPoint, let kind = problem.kind else {
            throw ToolError(.invalidInput, "task \(problem.taskID): evalplus data without an entry_point")
        }
        // evalplus keeps only `is not None` for outputs it cannot compare (re.Match objects).
        let notNone = kind == .mbpp && ["check_str", "text_match_three", "text_starta_endb"].contains(entryPoint)
        var job = SandboxJob.harness(harness, program: problem.referenceSolution, payload: .object([
            "mode": .string("reference"), "dataset": .string(kind.name), "task_id": .string(problem.taskID),
            "entry_point": .string(entryPoint), "inputs": .string(part == .base ? plus.baseInputs : plus.plusInputs),
            "output_not_none": .bool(notNone),
        ]))
        job.timeout = referenceTimeout
        job.limits = ResourceLimits(cpuSeconds: Int(referenceTimeout) + 1, memoryBytes: memoryBytes)
        let result = await pool.run(job)
        guard result.status == .passed, let data = result.data?.objectValue,
              let expected = data["expected"]?.stringValue, let times = data["times"]?.arrayValue
        else {
            let detail = [result.exception, result.message].compactMap { $0 }.joined(separator: ": ")
            throw ToolError(.failed, "task \(problem.taskID): the canonical solution does not run on the \(part.rawValue) "
                + "inputs (\(result.status.rawValue)\(detail.isEmpty ? "" : ", " + detail)); evalplus stops on this too")
        }
        return Reference(expected: expected, times: times.map { $0.doubleValue ?? 0 })
    }

    /// The cache file of one task's part: named by everything its outputs depend on (the
    /// checker, the canonical solution, the inputs), so a changed file never reads stale ones.
    static func cacheFile(in directory: URL, problem: BenchmarkProblem, part: Part) -> URL {
        let inputs = part == .base ? problem.plus?.baseInputs : problem.plus?.plusInputs
        let key = ContentHash.sha256([harness, problem.taskID, part.rawValue, problem.entryPoint ?? "",
                                      problem.referenceSolution, inputs ?? ""].map { "\($0.utf8.count):\($0)" }.joined())
        return directory.appendingPathComponent("\(key).json")
    }

    static func readCached(_ file: URL) -> Reference? {
        guard let bytes = FileManager.default.contents(atPath: file.path),
              let value = try? JSONParser.parse(ArraySlice(bytes)).objectValue,
              let expected = value["expected"]?.stringValue, let values = value["times"]?.arrayValue
        else { return nil }
        let times = values.compactMap(\.doubleValue)
        return times.count == values.count ? Reference(expected: expected, times: times) : nil
    }

    /// Best effort: a cache that cannot be written costs time on the next run, not correctness.
    static func writeCached(_ reference: Reference, to file: URL) {
        let value = JSONValue.object(["expected": .string(reference.expected),
                                      "times": .array(reference.times.map { .double($0) })])
        guard let writer = try? AtomicFileWriter(path: file.path) else { return }
        try? writer.write(value.serialized())
        try? writer.commit()
    }
}
