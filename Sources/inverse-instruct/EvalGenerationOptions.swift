import ArgumentParser
import Console
import Evaluation
import Foundation
import ModelClient
import Pipelines

/// `eval … --model/--endpoint` (or neither: the built-in engine with the default model): how
/// the samples are generated before they are checked.
struct EvalGenerationOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: "Run directory holding the generation's run.sqlite, so a killed generation resumes (default: OUTPUT's name + .run).")
    var runDir: String?

    @Option(name: .long, help: "Samples per task (pass@k for k up to N).")
    var samplesPerTask = 1

    @Option(name: .long, help: "Sampling temperature (default: 0, greedy, for one sample per task; 0.8 for more).")
    var temperature: Double?

    @Option(name: .long, help: "Most new tokens per sample.")
    var maxTokens = 512

    @Option(name: .long, help: "Prompt format: auto (from the model name), chat, or a template: \(PromptTemplate.all.map(\.name).joined(separator: ", ")).")
    var promptFormat = "auto"

    /// Whether anything here asks for generation (beyond the defaults).
    var isGiven: Bool { !model.endpoint.isEmpty || model.model != nil || runDir != nil }

    func validate() throws {
        guard samplesPerTask >= 1 else { throw ValidationError("--samples-per-task must be at least 1") }
        if let temperature, temperature < 0 { throw ValidationError("--temperature must not be negative") }
        guard maxTokens >= 1 else { throw ValidationError("--max-tokens must be at least 1") }
    }

    /// Where a generation's files go, from the results path: `X_results.jsonl` (or `X.jsonl`)
    /// gives `X_samples.jsonl` and the run directory `X.run`.
    struct Paths {
        var results: String
        var samples: String
        var runDirectory: String

        init(results: String, runDirectory: String?) {
            var stem = results
            for suffix in ["_results.jsonl", ".jsonl"] where stem.hasSuffix(suffix) {
                stem = String(stem.dropLast(suffix.count))
                break
            }
            self.results = results
            samples = stem + "_samples.jsonl"
            self.runDirectory = runDirectory ?? stem + ".run"
        }
    }

    func settings(_ benchmark: BenchmarkProblem.Benchmark) -> BenchmarkGenerationSettings {
        let endpoints = model.endpoint.flatMap { $0.split(separator: ",").map(String.init) }
        let identity = model.model ?? (endpoints.isEmpty ? ModelRegistry.defaultModelName : endpoints.joined(separator: ","))
        // Units in flight: enough to keep every endpoint (or engine slot) busy.
        let concurrency = endpoints.isEmpty ? model.engineParallel * 2 : model.concurrency * endpoints.count
        return BenchmarkGenerationSettings(
            benchmark: benchmark, modelIdentity: identity, promptFormat: promptFormat, samplesPerTask: samplesPerTask,
            temperature: temperature ?? (samplesPerTask > 1 ? 0.8 : 0), maxTokens: maxTokens, concurrency: concurrency)
    }

    /// Generates the samples of `problems` (resuming from the run directory) and writes them to
    /// `paths.samples`. Returns what generation did.
    func generate(_ benchmark: BenchmarkProblem.Benchmark, problems: [BenchmarkProblem], paths: Paths,
                  global: GlobalOptions) async throws -> BenchmarkGenerationSummary {
        let quiet = global.quiet
        // Ctrl-C or SIGTERM: stop the engine and exit; finished units are in the run store.
        TerminationSignals.onTermination { _ in
            ChildProcesses.terminateAll()
            if !quiet { Terminal.writeStandardError("\neval: interrupted; run the same command again to resume\n") }
            Foundation.exit(130)
        }
        let log: @Sendable (String) -> Void = { message in
            if !global.quiet && !global.json { Terminal.writeStandardError(message + "\n") }
        }
        let progress: (String, Int?) -> ProgressReporter = { label, total in global.progress(label, total: total) }
        do {
            let generation = try BenchmarkGeneration(settings: settings(benchmark), problems: problems,
                                                     directory: URL(fileURLWithPath: paths.runDirectory))
            if try generation.pendingUnits() > 0 {
                try await withLanguageModel(try model.selection(), progress: log) { pool in
                    try await generation.execute(model: pool, capabilities: pool.capabilities, progress: progress)
                }
            }
            let samples = try generation.samples()
            try generation.writeSamples(samples, to: paths.samples)
            return try generation.summary(samplesPath: paths.samples, samples: samples.count)
        } catch let error as SettingsError {
            throw ToolError(error.description)
        } catch let error as ModelClientError {
            throw ToolError(String(describing: error))
        }
    }
}
