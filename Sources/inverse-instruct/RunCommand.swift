import ArgumentParser
import Console
import Foundation
import InstructData
import ModelClient
import Pipelines

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Inverse-Instruct end to end: extract, summarize, self-score, select, (verify,) combine (or Semi-Instruct with `method: semi-instruct` in --config).",
        discussion: """
            Turns an instruction dataset into a training corpus: phase 1 the model's own best \
            instruction for each code snippet, phase 2 the original pairs (train 1 epoch, then 2). \
            Without --endpoint the embedded engine runs the default model locally. Re-running the \
            same command on the same run directory resumes; a finished run makes no model calls.
            """
    )

    @Option(name: .long, help: "Input dataset (JSONL, JSON array, .gz).")
    var input: String?

    @Option(name: .long, help: "Run directory: the run store, snippets, selection and training files.")
    var runDir: String?

    @Option(name: .long, help: "Model: a registry name or GGUF path for the embedded engine, or the model name at --endpoint.")
    var model: String?

    @Option(name: .long, help: "An OpenAI-compatible server (repeat for replicas); none: the embedded engine.")
    var endpoint: [String] = []

    @Option(name: .long, help: "Environment variable holding the endpoints' API key.")
    var apiKeyEnv: String?

    @Option(name: .long, help: "Instruction candidates per snippet (paper: 10).")
    var candidates: Int?

    @Option(name: .long, help: "Start from a preset: paper (the reference implementation on every point; options given too apply over it).")
    var preset: String?

    @Option(name: .long, help: "YAML file naming any of the options (snake_case keys).")
    var config: String?

    @Option(name: .long, help: "Prompt format: auto, chat, magicoder, chatml, llama3, deepseek-coder, alpaca.")
    var promptFormat: String?

    @Option(name: .long, help: "At most this many new tokens per instruction (paper: 2048).")
    var maxTokens: Int?

    @Option(name: .long, help: "Sampling temperature for instructions (paper: 0.8).")
    var temperature: Double?

    @Option(name: .long, help: "Top-p for instructions (default and paper: 1, no cut).")
    var topP: Double?

    @Option(name: .long, help: "Top-k cut for instructions; 0: off (default and paper).")
    var samplingTopK: Int?

    @Option(name: .long, help: "Min-p for instructions; 0: off (default and paper).")
    var minP: Double?

    @Option(name: .long, help: "Repetition penalty for instructions (paper: 1.1).")
    var repetitionPenalty: Double?

    @Option(name: .long, help: "Tokens the repetition penalty looks at: all (prompt and output, as vLLM; default) or a count (llama.cpp only).")
    var repetitionPenaltyRange: String?

    @Option(name: .long, help: "Opener draw: snippet (one for all candidates; default) or candidate (one each, paper).")
    var openerDraw: String?

    @Option(name: .long, help: "Language tag shown to the model: normalized (default) or raw, as the response wrote it (paper).")
    var languageTag: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Clean candidates: cut at fences and markers, drop chatter, reject short or repetitive text (default); --no-clean-candidates strips only (paper).")
    var cleanCandidates: Bool?

    @Option(name: .long, help: "Yes/No reading: merged (variants summed, no score without Yes or No; default) or reference (top 5, one token each, As for No, -100 for a missing word; paper).")
    var scoreReading: String?

    @Option(name: .long, help: "Order of the self-generated pairs: input (default) or ascending-score (paper).")
    var phase1Order: String?

    @Option(name: .long, help: "Seed for openers and sampling.")
    var seed: Int?

    @Flag(name: .long, help: "Repeatable sampling: the engine's prompt cache off (llama.cpp).")
    var reproducible = false

    @Option(name: .long, help: "Instructions kept per snippet (paper: 1).")
    var topK: Int?

    @Option(name: .long, help: "Drop candidates whose LM-score is below this.")
    var minScore: Double?

    @Flag(name: .long, inversion: .prefixedNo, help: "Verify each selected instruction: the model writes code from it alone, and the sandbox checks that the code behaves like the snippet on the same inputs (Python functions and programs; off in --preset paper).")
    var verify: Bool?

    @Option(name: .long, help: "Phase-1 pairs to write with --verify: all (default), checkable (all but contradicted ones) or verified (only verified ones).")
    var keep: String?

    @Option(name: .long, help: "With --verify: candidates tried per snippet, in score order, while the better ones are contradicted (default 1).")
    var verifyCandidates: Int?

    @Flag(name: .long, help: "With --verify: also verify each snippet's original instruction (the ceiling of the check).")
    var verifyOriginal = false

    @Option(name: .long, help: "Requests in flight per endpoint.")
    var concurrency: Int?

    @Option(name: .long, help: "Training-file format (repeatable): instruction-response, messages, alpaca.")
    var format: [String] = []

    @Option(name: .long, help: "Decontaminate both phases against these benchmarks: humaneval, mbpp, or problem files (comma-separated).")
    var decontaminate: String?

    @Option(name: .long, help: "MBPP problems file, for --decontaminate mbpp.")
    var mbpp: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Remove near-duplicates within each phase (MinHash, Jaccard 0.7).")
    var dedup: Bool?

    @Option(name: .long, help: "Fields of the input: \(FieldMapping.argumentHelp).")
    var fields: String?

    @Flag(name: .long, help: "Write malformed input records to a rejects file and go on.")
    var skipInvalid = false

    @Option(name: .long, help: "Write the pending model requests as OpenAI Batch JSONL to this file and stop.")
    var batchOut: String?

    @Option(name: .long, help: "Read OpenAI Batch results (any order) for pending requests, then go on.")
    var batchIn: String?

    @OptionGroup var reportOption: ReportOption

    @OptionGroup var global: GlobalOptions

    func settings() throws -> InverseInstructSettings {
        var settings = InverseInstructSettings()
        if let preset {
            guard let chosen = InverseInstructSettings.preset(named: preset) else {
                throw ValidationError("unknown preset '\(preset)'; known: paper")
            }
            settings = chosen
        }
        if let config {
            settings = try settings.applying(configFile: config)
        }
        if let input { settings.input = input }
        if let runDir { settings.runDirectory = runDir }
        if let model { settings.model = model }
        if !endpoint.isEmpty { settings.endpoints = endpoint }
        if let apiKeyEnv { settings.apiKeyEnv = apiKeyEnv }
        if let candidates { settings.candidates = candidates }
        if let promptFormat { settings.promptFormat = promptFormat }
        if let maxTokens { settings.maxTokens = maxTokens }
        if let temperature { settings.temperature = temperature }
        if let seed { settings.seed = seed }
        if let topP { settings.topP = topP }
        if let samplingTopK { settings.samplingTopK = samplingTopK }
        if let minP { settings.minP = minP }
        if let repetitionPenalty { settings.repetitionPenalty = repetitionPenalty }
        if let repetitionPenaltyRange { settings.repetitionPenaltyRange = repetitionPenaltyRange }
        if let openerDraw { settings.openerDraw = openerDraw }
        if let languageTag { settings.languageTag = languageTag }
        if let cleanCandidates { settings.cleanCandidates = cleanCandidates }
        if let scoreReading { settings.scoreReading = scoreReading }
        if let phase1Order { settings.phase1Order = phase1Order }
        if let topK { settings.topK = topK }
        if reproducible { settings.reproducible = true }
        if let minScore { settings.minScore = minScore }
        if let verify { settings.verify = verify }
        if let keep { settings.keep = keep }
        if let verifyCandidates { settings.verifyCandidates = verifyCandidates }
        if verifyOriginal { settings.verifyOriginal = true }
        if let concurrency { settings.concurrency = concurrency }
        if !format.isEmpty { settings.formats = format }
        if let fields { settings.fields = fields }
        if let decontaminate {
            settings.decontaminate = decontaminate.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        if let mbpp { settings.mbpp = mbpp }
        if let dedup { settings.dedup = dedup }
        if skipInvalid { settings.skipInvalid = true }
        do {
            try settings.validate()
        } catch let error as ToolError {
            throw ValidationError(error.description)
        }
        return settings
    }

    func run() async throws {
        global.apply()
        // `method: semi-instruct` in the config runs Semi-Instruct instead (SemiCommand.swift).
        if try await runSemiInstructIfConfigured() { return }
        // Ctrl-C or SIGTERM: stop the embedded engine (or a model download) and exit; the run
        // store already holds every finished unit, and the next run takes up the rest.
        InterruptHandler.installResumable(command: "run", quiet: global.quiet)
        let settings = try settings()
        guard let input = settings.input else { throw ValidationError("give --input FILE (or `input:` in --config)") }
        guard let runDir = settings.runDirectory else { throw ValidationError("give --run-dir DIR (or `run_dir:` in --config)") }
        guard FileManager.default.fileExists(atPath: input) else { throw ToolError(.invalidInput, "\(input): no such file") }
        let directory = URL(fileURLWithPath: runDir)
        let global = self.global
        let progress: (String, Int?) -> ProgressReporter = { label, total in global.progress(label, total: total) }
        let log: @Sendable (String) -> Void = { message in
            if !global.quiet && !global.json { Terminal.writeStandardError(message + "\n") }
        }

        if settings.verify, batchIn != nil || batchOut != nil {
            throw ValidationError("--verify has no batch mode (it runs code between model calls): do the batch rounds "
                + "without it, then run again with --verify and a live model; the summaries and scores are reused")
        }
        let run = try InverseInstructRun(settings: settings, directory: directory)
        try run.prepare(progress: progress)

        if let batchIn {
            let ingested = try await run.ingestBatch(from: batchIn)
            log("ingested \(ingested.accepted) results from \(batchIn) (\(ingested.ignored) not pending, \(ingested.failed) failed)")
        }
        if let batchOut {
            let written = try run.writeBatch(to: batchOut)
            log("wrote \(written.requests) \(written.stage) requests to \(batchOut); run them (e.g. vllm run-batch) and "
                + "re-run with --batch-in RESULTS")
            if global.json {
                Terminal.writeStandardOutput(try JSONOutput.line(written))
            }
            return
        }
        if try run.pendingModelWork() > 0 {
            let selection: ModelSelection
            do {
                selection = try ModelSelection(
                    endpointURLs: settings.endpoints, model: settings.model, apiKeyVariable: settings.apiKeyEnv,
                    concurrency: settings.concurrency, engineParallel: settings.engineParallel,
                    requirements: InverseInstructRun.modelRequirements)
            } catch let error as ModelClientError {
                throw ValidationError(String(describing: error))
            }
            try await run.execute(selection, log: log, progress: progress)
        }
        let summary = try await run.finish()
        try global.emit(summary.text, json: summary)
        reportOption.write(paths: [runDir], to: directory.appendingPathComponent("report.html").path, global: global)
        if summary.pendingUnits > 0 || summary.failedUnits > 0 && summary.selected == 0 { throw ExitCode.failure }
    }
}
