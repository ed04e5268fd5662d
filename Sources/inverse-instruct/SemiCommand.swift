import ArgumentParser
import Console
import Foundation
import InstructData
import ModelClient
import Pipelines

/// `semi`: Semi-Instruct. Natural code in; instruction + function pairs out, kept only when
/// the sandbox shows the new function behaves like the original, ranked by tests passed.
struct SemiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semi",
        abstract: "Semi-Instruct: turn natural code into execution-verified instruction–function pairs.",
        discussion: """
            INPUT is JSONL/JSON with a code field (code, content, snippet, solution, response, ...; \
            the extract command's snippets work), a .py file, or a directory of .py files split into \
            top-level functions and programs. For each original the model writes an instruction, a \
            well-formed function and test inputs; the original runs on the inputs for the expected \
            outputs (inputs it fails on are dropped), the new code runs on the rest, and the pair is \
            kept when it agrees on at least --min-share of them and at least --min-tests. OUTPUT gets \
            the kept pairs with their tests, ranked by tests passed; OUTPUT's name + .rejects.jsonl \
            gets every loss with its reason. The run directory makes a stopped run resume.
            """
    )

    @Argument(help: "Natural code: JSONL/JSON records, a .py file, or a directory of .py files.")
    var input: String

    @Option(name: .shortAndLong, help: "Kept pairs, ranked (JSONL).")
    var output: String

    @Option(name: .long, help: "Run directory (default: OUTPUT's name + .run).")
    var runDir: String?

    @Option(name: .long, help: "Code field of JSON records (default: auto).")
    var field: String?

    @Option(name: .long, help: "Samples per original (one request with n = N where the server allows).")
    var samples: Int?

    @Option(name: .long, help: "Sampling temperature (default: 0 for one sample, 0.8 for more).")
    var temperature: Double?

    @Option(name: .long, help: "Most new tokens per reply.")
    var maxTokens: Int?

    @Option(name: .long, help: "Seed for sampling.")
    var seed: Int?

    @Option(name: .long, help: "Prompt format: auto, chat, or a template: \(PromptTemplate.all.map(\.name).joined(separator: ", ")).")
    var promptFormat: String?

    @Option(name: .long, help: "Wall-clock seconds per sandbox job.")
    var timeout: Double?

    @Option(name: .long, help: "Sandbox workers (default: the number of cores).")
    var workers: Int?

    @Flag(name: .long, help: "Run the code without bubblewrap (rlimits only). Only for code you trust.")
    var noIsolation = false

    @Option(name: .long, help: "Float tolerance when comparing return values.")
    var tolerance: Double?

    @Flag(name: .long, inversion: .prefixedNo, help: "Count a tuple and a list with equal items as equal (default: on).")
    var tuplesEqualLists: Bool?

    @Option(name: .long, help: "Programs: numeric tokens of stdout equal within this (default: exact text).")
    var stdoutTolerance: Double?

    @Option(name: .long, help: "Share of the usable inputs a pair must agree on (default: 1, all).")
    var minShare: Double?

    @Option(name: .long, help: "Fewest agreeing inputs of a kept pair (default: 3).")
    var minTests: Int?

    @Option(name: .long, help: "Most test inputs taken from a reply (default: 10).")
    var maxTests: Int?

    @Option(name: .long, help: "Ranking by tests passed: ascending (curriculum, default) or descending.")
    var order: String?

    @Option(name: .long, help: "Decontaminate the output against: humaneval, mbpp, or problem files (comma-separated).")
    var decontaminate: String?

    @Option(name: .long, help: "MBPP problems file, for --decontaminate mbpp.")
    var mbpp: String?

    @Flag(name: .long, help: "Remove near-duplicate pairs from the output (MinHash, Jaccard 0.7).")
    var dedup = false

    @Flag(name: .long, help: "Ask the model nothing: validate and write what earlier runs on the run directory generated.")
    var noGenerate = false

    @OptionGroup var model: ModelOptions

    @OptionGroup var reportOption: ReportOption

    @OptionGroup var global: GlobalOptions

    func settings() throws -> SemiInstructSettings {
        var settings = SemiInstructSettings()
        settings.input = input
        settings.output = output
        settings.runDirectory = runDir
        if let field { settings.field = field }
        if let samples { settings.samples = samples }
        settings.temperature = temperature
        if let maxTokens { settings.maxTokens = maxTokens }
        if let seed { settings.seed = seed }
        if let promptFormat { settings.promptFormat = promptFormat }
        if let timeout { settings.timeout = timeout }
        settings.workers = workers
        settings.isolation = !noIsolation
        if let tolerance { settings.tolerance = tolerance }
        if let tuplesEqualLists { settings.tuplesEqualLists = tuplesEqualLists }
        settings.stdoutTolerance = stdoutTolerance
        if let minShare { settings.minShare = minShare }
        if let minTests { settings.minTests = minTests }
        if let maxTests { settings.maxTests = maxTests }
        if let order { settings.order = order }
        if let decontaminate {
            settings.decontaminate = decontaminate.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        settings.mbpp = mbpp
        settings.dedup = dedup
        settings.endpoints = model.endpoint.flatMap { $0.split(separator: ",").map(String.init) }
        settings.model = model.model
        settings.apiKeyEnv = model.apiKeyEnv
        // Requests in flight: enough to keep every endpoint (or engine slot) busy.
        settings.concurrency = settings.endpoints.isEmpty ? model.engineParallel * 2 : model.concurrency * settings.endpoints.count
        settings.engineParallel = model.engineParallel
        do {
            try settings.validate()
        } catch let error as ToolError {
            throw ValidationError(error.description)
        }
        return settings
    }

    func run() async throws {
        global.apply()
        try await Self.execute(settings(), selection: model.selection(), global: global, generate: !noGenerate,
                               report: reportOption)
    }

    /// The whole run, shared with `run --config` (method: semi-instruct).
    static func execute(_ settings: SemiInstructSettings, selection: ModelSelection, global: GlobalOptions,
                        generate: Bool = true, report reportOption: ReportOption = ReportOption()) async throws {
        let quiet = global.quiet
        InterruptHandler.installResumable(command: "semi", quiet: quiet)
        let log: @Sendable (String) -> Void = { message in
            if !global.quiet && !global.json { Terminal.writeStandardError(message + "\n") }
        }
        let progress: (String, Int?) -> ProgressReporter = { label, total in global.progress(label, total: total) }
        guard let input = settings.input, let output = settings.output else {
            throw ValidationError("give an input and an output (-o FILE)")
        }
        guard FileManager.default.fileExists(atPath: input) else { throw ToolError(.invalidInput, "\(input): no such file or directory") }
        let runDirectory = settings.runDirectory
            ?? (output.hasSuffix(".jsonl") ? String(output.dropLast(6)) : output) + ".run"

        if !settings.isolation, !quiet {
            Terminal.writeStandardError("warning: --no-isolation: the code runs as ordinary processes with only resource limits; it can read and write your files and use the network.\n")
        }
        let summary = try await SemiInstructRun.execute(settings, runDirectory: runDirectory, selection: selection,
                                                        generate: generate, log: log, progress: progress)
        try global.emit(summary.text, json: summary)
        // The run directory, and the cleaning evidence beside the output when there is some.
        let evidence = [".contaminated.jsonl", ".duplicates.jsonl"].map {
            (output.hasSuffix(".jsonl") ? String(output.dropLast(6)) : output) + $0
        }.filter { FileManager.default.fileExists(atPath: $0) }
        reportOption.write(paths: [runDirectory] + evidence,
                           to: URL(fileURLWithPath: runDirectory).appendingPathComponent("report.html").path, global: global)
        // Work left is a failure, unless the user asked for a look at a partial run.
        if summary.pending > 0, generate { throw ExitCode.failure }
    }
}

extension RunCommand {
    /// `run --config FILE` where the file says `method: semi-instruct`: the config's options
    /// (its `semi:` section), with --input, --run-dir, --model and --endpoint on top.
    /// Returns false when the config is for Inverse-Instruct.
    func runSemiInstructIfConfigured() async throws -> Bool {
        guard let config else { return false }
        guard var settings = try SemiInstructSettings.fromRunConfig(config) else { return false }
        if let input { settings.input = input }
        if let runDir { settings.runDirectory = runDir }
        if let model { settings.model = model }
        if !endpoint.isEmpty { settings.endpoints = endpoint }
        if let apiKeyEnv { settings.apiKeyEnv = apiKeyEnv }
        guard settings.input != nil else { throw ValidationError("give --input FILE (or `input:` in --config)") }
        guard settings.output != nil else { throw ValidationError("\(config): method semi-instruct needs `output:` under `semi:`") }
        do {
            try settings.validate()
        } catch let error as ToolError {
            throw ValidationError(error.description)
        }
        let selection: ModelSelection
        do {
            selection = try ModelSelection(endpointURLs: settings.endpoints, model: settings.model, apiKeyVariable: settings.apiKeyEnv,
                                           concurrency: settings.concurrency, engineParallel: settings.engineParallel)
        } catch let error as ModelClientError {
            throw ValidationError(String(describing: error))
        }
        try await SemiCommand.execute(settings, selection: selection, global: global, report: reportOption)
        return true
    }
}
