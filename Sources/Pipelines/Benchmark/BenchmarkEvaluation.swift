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
    /// MBPP only; nil is the test split when generating, every task when checking given samples.
    public var split: MBPPSplit?
    public var sandbox: SandboxConfiguration
    /// Wall-clock limit per sample, in seconds.
    public var timeout: Double

    /// How the samples are generated when there is no samples file.
    public struct Generation: Sendable {
        public var settings: BenchmarkGenerationSettings
        public var model: ModelSelection
        /// nil: the results path's name + `.run`.
        public var runDirectory: String?

        public init(settings: BenchmarkGenerationSettings, model: ModelSelection, runDirectory: String?) {
            self.settings = settings
            self.model = model
            self.runDirectory = runDirectory
        }
    }

    /// What an evaluation did, for its summaries.
    public struct Outcome: Sendable {
        public var report: EvaluationReport
        public var resultsPath: String
        public var generation: BenchmarkGenerationSummary?
    }

    public init(benchmark: BenchmarkKind, problemsPath: String? = nil, samplesPath: String? = nil,
                resultsPath: String? = nil, split: MBPPSplit? = nil, sandbox: SandboxConfiguration, timeout: Double) {
        self.benchmark = benchmark
        self.problemsPath = problemsPath
        self.samplesPath = samplesPath
        self.resultsPath = resultsPath
        self.split = split
        self.sandbox = sandbox
        self.timeout = timeout
    }

    /// Whether a task takes part: MBPP's split, every task of other benchmarks.
    func includes(_ taskID: String) -> Bool {
        guard benchmark == .mbpp else { return true }
        return (split ?? (samplesPath == nil ? .test : .all)).contains(taskID)
    }

    /// Loads, generates (when there is no samples file), checks and writes the results.
    /// `log` gets the engine's start-up lines; `progress` makes the progress lines.
    public func run(generation: Generation?, log: @escaping @Sendable (String) -> Void,
                    progress: (String, Int?) -> ProgressReporter) async throws -> Outcome {
        let problemsFile = try BenchmarkData.path(for: benchmark, given: problemsPath)
        let problems = try BenchmarkLoader.load(benchmark, path: problemsFile).problems.filter { includes($0.taskID) }
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
                generated = try await BenchmarkGeneration.generate(generation.settings, problems: problems, paths: paths,
                                                                   model: generation.model, log: log, progress: progress)
                samplesFile = paths.samples
                resultsFile = paths.results
            }

            let samples = try SampleReader.read(path: samplesFile, benchmark: benchmark).filter { includes($0.taskID) }
            guard !samples.isEmpty else { throw ToolError(.invalidInput, "\(samplesFile): no samples to check") }
            try await pool.warmUp()

            let reporter = progress("eval \(benchmark.name)", samples.count)
            defer { reporter.finish() }
            let report = try await Evaluator(pool: pool, timeout: timeout).evaluate(problems: problems, samples: samples) {
                reporter.advance()
            }
            return Outcome(report: report, resultsPath: resultsFile, generation: generated)
        }
        try ResultsFile.write(outcome.report.results, to: outcome.resultsPath)
        return outcome
    }
}
