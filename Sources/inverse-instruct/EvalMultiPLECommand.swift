import ArgumentParser
import Benchmarks
import Console
import Evaluation
import Foundation
import Pipelines
import Sandbox

extension EvalCommand {
    /// `eval multipl-e --language java,js --samples FILE`: MultiPL-E's HumanEval translations,
    /// compiled and run as MultiPL-E does, in the same sandbox as Python samples.
    struct MultiPLE: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "multipl-e",
            abstract: "Check MultiPL-E HumanEval samples in java, js, cpp, php, swift or rs.",
            discussion: """
                Problems are MultiPL-E's HumanEval translations shipped in Data/multipl-e (commit \
                \(MultiPLEData.version.prefix(12))). Each sample's program is prompt + completion + a \
                newline + the tests (for java, cpp, swift and rs the tests supply the function's \
                closing brace; for js and php the completion closes it), compiled and run in the \
                sandbox as MultiPL-E runs it (javac + java -ea with javatuples, node, g++ -std=c++17, \
                php, swiftc, rustc); it passes when every step exits 0 (and PHP prints no parse \
                error). Identical programs are checked once. With several languages, each sample \
                needs a "language" field and each language gets its own results file. Without \
                --samples, the model (--endpoint URL, --model, or the built-in engine's default) \
                writes them first, as for HumanEval: a raw-prompt template pre-fills the response \
                with a fence and the task's prompt, and the continuation is cut at the closing fence \
                and the file's stop tokens; a chat model's code block is taken after the prompt's \
                signature, cut the same way. The samples go to multipl-e_samples.jsonl beside the \
                results, and the run directory lets a killed generation resume.
                """
        )

        @Option(name: .long, help: "Languages, comma-separated: java, js (javascript), cpp (c++), php, swift, rs (rust).")
        var language: String

        @Option(name: .long, help: "Samples to check: JSONL with task_id (MultiPL-E's name, e.g. HumanEval_0_has_close_elements) and completion (continues the prompt, cut at the stop tokens). Without it, a model generates them.")
        var samples: String?

        @Option(name: .long, help: "Problems file in MultiPL-E's format, for one language (default: the language's file in the Data folder).")
        var problems: String?

        @Option(name: .shortAndLong, help: "Per-sample results JSONL (default: SAMPLES_results.jsonl; with several languages, the language goes before .jsonl).")
        var output: String?

        @Option(name: .long, help: "Sandbox workers running at once, each compiling or running one program (default: the number of cores).")
        var workers: Int?

        @Option(name: .long, help: "Wall-clock limit for running one program's tests, in seconds (default: MultiPL-E's: 5 for js, swift, rs; 15 for java, cpp, php).")
        var timeout: Double?

        @Option(name: .long, help: "Address space for running one program's tests, in MiB.")
        var memory = 4096

        @Option(name: .long, help: "Wall-clock limit for compiling one program (javac, g++, swiftc, rustc), in seconds.")
        var compileTimeout: Double = 45

        @Option(name: .long, help: "Address space for the compiler, in MiB.")
        var compileMemory = 4096

        @Flag(name: .long, help: "Run the code without bubblewrap (rlimits only). Only for code you trust.")
        var noIsolation = false

        @OptionGroup var generation: EvalGenerationOptions

        @OptionGroup var reportOption: ReportOption

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if samples != nil, generation.isGiven {
                throw ValidationError("--samples checks samples you already have; leave it out to generate them with --endpoint/--model/--run-dir")
            }
            if MultiPLELanguage.list(language) == nil {
                throw ValidationError("--language takes java, js, cpp, php, swift or rs (comma-separated), not '\(language)'")
            }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
            if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be more than 0") }
            if !(compileTimeout > 0) { throw ValidationError("--compile-timeout must be more than 0") }
            if memory < 64 || compileMemory < 64 { throw ValidationError("--memory and --compile-memory must be at least 64 (MiB)") }
        }

        func run() async throws {
            global.apply()
            global.warnIfUnisolated(noIsolation)
            let languages = MultiPLELanguage.list(language) ?? []
            var sandbox = SandboxConfiguration(isolation: noIsolation ? .none : .bubblewrap, timeout: timeout ?? 15)
            if let workers { sandbox.workers = workers }
            let limits = MultiPLELimits(compileTimeout: compileTimeout, compileMemory: compileMemory << 20,
                                        runTimeout: timeout, runMemory: memory << 20)
            let evaluation = MultiPLEEvaluation(languages: languages, samplesPath: samples, problemsPath: problems, resultsPath: output,
                                                sandbox: sandbox, limits: limits)
            let global = self.global
            let outcome = try await evaluation.run(
                generation: try generation.request(dataset: "multipl-e", samples: samples, quiet: global.quiet),
                log: global.logLine, progress: { label, total in global.progress(label, total: total) })
            try global.emit(outcome.summary, json: outcome.json)
            // One page for every language's results.
            reportOption.write(results: outcome.languages.map(\.resultsPath), global: global)
        }
    }
}
