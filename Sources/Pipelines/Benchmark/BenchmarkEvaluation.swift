import Benchmarks
import Console
import Evaluation
import Foundation
import InstructData
import ModelClient
import Sandbox

/// `eval humaneval|mbpp` as a library call: the problems (the vendored data unless a file is
/// given; MBPP cut to a split), the samples (the user's file, or written by a model through a
/// run directory), checked in the sandbox, and the per-sample results written.
public struct BenchmarkEvaluation: Sendable {
    public var benchmark: BenchmarkKind
    /// Problems file; nil takes the benchmark's vendored data (`BenchmarkData`).
    public var problemsPath: String?
    /// Samples to check; nil generates them with `generation`.
    public var samplesPath: String?
    /// Per-sample results; nil: beside the samples (`S_results.jsonl`), or `BENCHMARK_results.jsonl` when generating.
    public var resultsPath: String?
    /// MBPP only; nil is the test split when generating from google-research's file, else every task.
    public var split: MBPPSplit?
    /// The evalplus release checked without `problemsPath` (`v0.2.0`); nil: the benchmark's first.
    public var plusVersion: String?
    public var sandbox: SandboxConfiguration
    /// Wall-clock limit per sample, in seconds.
    public var timeout: Double

    /// How the samples are generated when there is no samples file.
    public struct Generation: Sendable {
        public var settings: BenchmarkGenerationSettings
        public var model: ModelSelection
        /// nil: the results path's name + `.run`.
        public var runDirectory: String?
        /// Check the samples as `evalplus.sanitize` leaves them (`SampleSanitizer`), as
        /// evalplus's own code generation does; the samples as written are kept beside them.
        public var sanitize: Bool

        public init(settings: BenchmarkGenerationSettings, model: ModelSelection, runDirectory: String?, sanitize: Bool = true) {
            self.settings = settings
            self.model = model
            self.runDirectory = runDirectory
            self.sanitize = sanitize
        }
    }

    /// What an evaluation did, for its summaries.
    public struct Outcome: Sendable {
        /// What was checked: `humanevalplus v0.1.10`, `mbpp`, or the problems file's name.
        public var benchmarkLabel: String
        /// Which verdict `passed` and pass@k are: evalplus's on `base_input`, or the file's own asserts.
        public var baseVerdict: String
        public var report: EvaluationReport
        public var resultsPath: String
        public var generation: BenchmarkGenerationSummary?
    }

    public init(benchmark: BenchmarkKind, problemsPath: String? = nil, samplesPath: String? = nil,
                resultsPath: String? = nil, split: MBPPSplit? = nil, plusVersion: String? = nil,
                sandbox: SandboxConfiguration, timeout: Double) {
        self.benchmark = benchmark
        self.plusVersion = plusVersion
        self.problemsPath = problemsPath
        self.samplesPath = samplesPath
        self.resultsPath = resultsPath
        self.split = split
        self.sandbox = sandbox
        self.timeout = timeout
    }

    /// Whether a task takes part: MBPP's split (google-research's file), every task otherwise.
    func includes(_ taskID: String, evalPlus: Bool) -> Bool {
        guard benchmark == .mbpp else { return true }
        return (split ?? (samplesPath == nil && !evalPlus ? .test : .all)).contains(taskID)
    }

    /// The evalplus release checked when no problems file is given.
    public func release() throws -> PlusRelease {
        let releases = benchmark.plusReleases
        guard let version = plusVersion else { return releases[0] }
        guard let release = releases.first(where: { $0.version == version }) else {
            throw ToolError(.usage, "\(benchmark.name): no evalplus release \(version) (known: \(releases.map(\.version).joined(separator: ", ")))")
        }
        return release
    }

    /// The problems file and what the summary calls it.
    func problemsFile() throws -> (path: String, label: String) {
        guard let problemsPath else {
            let release = try release()
            return (try BenchmarkData.locate().path(for: release), release.label)
        }
        let name = URL(fileURLWithPath: problemsPath).lastPathComponent
        if let release = benchmark.plusReleases.first(where: { URL(fileURLWithPath: $0.dataFile).lastPathComponent == name }) {
            return (problemsPath, release.label)
        }
        return (problemsPath, name)
    }

    /// The samples as evalplus's code generation sanitizes them: a sample that continues the
    /// prompt (HumanEval) is sanitized with the prompt before it, as a whole program.
    static func sanitize(_ samples: [GeneratedSample], problems: [BenchmarkProblem]) async throws -> SanitizedSamples {
        let byID = Dictionary(problems.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        let items = samples.map { sample -> (code: String, entryPoint: String?) in
            let problem = byID[sample.taskID]
            let code = problem?.kind == .humanEval ? (problem?.prompt ?? "") + sample.code : sample.code
            return (code, problem?.entryPoint)
        }
        let sanitized = try await SampleSanitizer().sanitize(items)
        let changed = zip(items, sanitized).filter { $0.code.trimmingWhitespace() != $1.trimmingWhitespace() }.count
        return SanitizedSamples(samples: zip(samples, sanitized).map { GeneratedSample(taskID: $0.taskID, code: $1 + "\n", isSanitized: true) },
                                changed: changed)
    }

    /// Loads, generates (when there is no samples file), checks and writes the results.
    /// `log` gets the engine's start-up lines; `progress` makes the progress lines.
    public func run(generation: Generation?, log: @escaping @Sendable (String) -> Void,
                    progress: (String, Int?) -> ProgressReporter) async throws -> Outcome {
        if plusVersion != nil, problemsPath != nil {
            throw ToolError(.usage, "--problems names the file; leave out the evalplus version with it")
        }
        let (problemsFile, label) = try problemsFile()
        let loaded = try BenchmarkLoader.load(benchmark, path: problemsFile).problems
        let evalPlus = loaded.contains { $0.plus != nil }
        let problems = loaded.filter { includes($0.taskID, evalPlus: evalPlus) }
        let baseVerdict = evalPlus ? "evalplus base_input" : (benchmark == .humanEval ? "human-eval check" : "mbpp asserts")
        if samplesPath == nil, problems.isEmpty { throw ToolError(.invalidInput, "\(problemsFile): no tasks to generate samples for") }

        // The sandbox first: a missing bubblewrap should stop the command before any model work.
        let outcome = try await withSandboxPool(sandbox) { pool in
            // Generate the samples first unless the user gave them; then check them the same way.
            let samplesFile: String
            let resultsFile: String
            var generated: BenchmarkGenerationSummary?
            if let samplesPath {
                samplesFile = samplesPath
                resultsFile = resultsPath ?? ResultsFile.defaultPath(forSamples: samplesPath)
            } else {
                guard let generation else { throw ToolError(.invalidInput, "no samples to check and no model to generate them") }
                let paths = BenchmarkOutputPaths(generating: benchmark, results: resultsPath,
                                                 runDirectory: generation.runDirectory)
                let benchmark = benchmark
                generated = try await BenchmarkGeneration.generate(
                    generation.settings, problems: problems, paths: paths, model: generation.model, log: log,
                    progress: progress, sanitize: generation.sanitize ? { try await Self.sanitize($0, problems: problems) } : nil,
                    record: {
                        Sample(taskID: $0.taskID, code: $0.code, kind: $0.isSanitized ? .solution : benchmark.sampleKind)
                            .samplesFileRecord(benchmark)
                    })
                samplesFile = paths.samples
                resultsFile = paths.results
            }

            let samples = try SampleReader.read(path: samplesFile, benchmark: benchmark).filter { includes($0.taskID, evalPlus: evalPlus) }
            guard !samples.isEmpty else { throw ToolError(.invalidInput, "\(samplesFile): no samples to check") }
            try await pool.warmUp()

            let reporter = progress("eval \(benchmark.name)", samples.count)
            defer { reporter.finish() }
            let report = try await Evaluator(pool: pool, timeout: timeout).evaluate(problems: problems, samples: samples) {
                reporter.advance()
            }
            return Outcome(benchmarkLabel: label, baseVerdict: baseVerdict, report: report, resultsPath: resultsFile,
                           generation: generated)
        }
        try ResultsFile.write(outcome.report.results, to: outcome.resultsPath)
        return outcome
    }
}
