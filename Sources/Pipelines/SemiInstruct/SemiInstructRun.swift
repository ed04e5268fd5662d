import Console
import Foundation
import InstructData
import ModelClient
import RunStore
import Sandbox

/// One Semi-Instruct run over a run directory: read the originals → generate (model) →
/// validate (sandbox) → rank and write. Generation and validation are run-store stages, so a
/// stopped run resumes where it stopped, and a finished one makes no model calls.
public final class SemiInstructRun {
    public static let generateStage = "semi-generate"
    public static let validateStage = "semi-validate"

    public let settings: SemiInstructSettings
    public let directory: URL
    public let input: String
    public let outputPath: String
    public let store: RunStore
    private let lock: RunLock
    /// Distinct originals, in input order.
    public private(set) var originals: [NaturalCode] = []
    /// Originals whose code repeats an earlier one's, with the id they repeat.
    public private(set) var duplicates: [NaturalCode] = []
    private var byID: [String: NaturalCode] = [:]
    private let started = ContinuousClock.now
    /// Model requests made by this process.
    public private(set) var modelRequests = 0

    /// `OUTPUT.jsonl` → `OUTPUT.rejects.jsonl`: one record per original or sample not kept.
    public var rejectsPath: String {
        (outputPath.hasSuffix(".jsonl") ? String(outputPath.dropLast(6)) : outputPath) + ".rejects.jsonl"
    }

    private var generationSuffix: String { "/" + settings.generationFingerprint }
    private var validationSuffix: String { generationSuffix + "+" + settings.validationFingerprint }

    public init(settings: SemiInstructSettings, directory: URL) throws {
        try settings.validate()
        guard let input = settings.input else { throw ToolError(.invalidSettings, "no input given") }
        guard let output = settings.output else { throw ToolError(.invalidSettings, "no output given (-o FILE)") }
        self.settings = settings
        self.directory = directory
        self.input = input
        self.outputPath = output
        let opened = try OpenRunDirectory(directory, settings: settings, settingsKey: "semi.settings")
        lock = opened.lock
        store = opened.store
    }

    // MARK: - Input (no model needed)

    /// Reads and analyzes the originals and enqueues their generation. Returns the units that
    /// still need the model.
    @discardableResult
    public func prepare(analyzer: CodeAnalyzer) async throws -> Int {
        let read = try await NaturalCodeReader(path: input, field: settings.field).read(analyzer: analyzer)
        var seen = Set<String>()
        originals = []
        duplicates = []
        for original in read {
            if seen.insert(original.id).inserted { originals.append(original) } else { duplicates.append(original) }
        }
        byID = Dictionary(originals.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Unfinished work of other settings on this directory is not this run's work; requests
        // that failed for good earlier (a server that was down) are tried again.
        try store.resetFailed(stage: Self.generateStage)
        try store.discardUnfinished(stage: Self.generateStage, keepingKeysEndingWith: generationSuffix)
        try store.discardUnfinished(stage: Self.validateStage, keepingKeysEndingWith: validationSuffix)
        try store.enqueue(stage: Self.generateStage, encoding: originals.filter { $0.shape != nil }.map {
            (key: $0.id + generationSuffix, payload: GeneratePayload(originID: $0.id))
        })
        return try pendingModelWork()
    }

    /// Generation units of this run that still need the model (pending, running or retryable).
    public func pendingModelWork() throws -> Int {
        try store.runnable(stage: Self.generateStage).filter { $0.key.hasSuffix(generationSuffix) }.count
    }

    // MARK: - Generation (model)

    public func generate(model baseModel: any LanguageModel, capabilities: ServerCapabilities?,
                         progress: (String, Int?) -> ProgressReporter) async throws {
        let model = CountingModel(baseModel)
        defer { modelRequests += model.requests }
        let modelName = capabilities?.model ?? settings.model ?? ""
        let mode = try PromptMode.resolve(settings.promptFormat, modelName: modelName,
                                          supportsCompletions: capabilities?.supportsCompletions ?? true)
        if mode != .chat, let capabilities, !capabilities.supportsCompletions {
            throw ToolError(.invalidSettings, "\(capabilities.model): the server has no /v1/completions for the \(mode) prompt format; use --prompt-format chat")
        }
        try store.setMeta("semi.model", modelName)
        try store.setMeta("semi.prompt_format", mode.description)
        // Servers without a slot count (vLLM, hosted APIs): at most 16 choices a request.
        let choicesPerRequest = capabilities.map { $0.slots == nil ? min($0.choicesPerRequest, 16) : $0.choicesPerRequest } ?? 16
        let worker = GenerateWorker(model: model, mode: mode, settings: settings, choicesPerRequest: choicesPerRequest)
        let byID = self.byID
        let suffix = generationSuffix
        let mine = try store.units(stage: Self.generateStage).filter { $0.key.hasSuffix(suffix) }
        let reporter = progress("generate", mine.count)
        reporter.advance(by: mine.filter { $0.status == .done || ($0.status == .failed && $0.attempts >= 3) }.count)
        try await StageRunner(store: store, stage: Self.generateStage, concurrency: settings.concurrency).run(progress: reporter) { unit in
            let payload = try unit.decodedPayload(GeneratePayload.self)
            guard let original = byID[payload.originID] else {
                return .failed(reason: "original \(payload.originID) is not in this run's input", tokens: TokenCounts(), endpoint: nil)
            }
            return try await worker.run(original)
        }
        reporter.finish()
    }

    // MARK: - Validation (sandbox)

    /// The replies of finished generation units, by original.
    private func replies() throws -> [String: [GenerateResult.Reply]] {
        var replies: [String: [GenerateResult.Reply]] = [:]
        for unit in try store.units(stage: Self.generateStage, status: .done) where unit.key.hasSuffix(generationSuffix) {
            guard let result = try? unit.decodedResult(GenerateResult.self) else { continue }
            replies[String(unit.key.dropLast(generationSuffix.count))] = result.replies
        }
        return replies
    }

    func validationKey(originID: String, sample: Int) -> String { "\(originID)#\(sample)\(validationSuffix)" }

    /// Validates every generated sample not yet validated under this run's rules.
    public func validate(execution: CodeExecution, analyzer: CodeAnalyzer,
                         progress: (String, Int?) -> ProgressReporter) async throws {
        let replies = try replies()
        var units: [(key: String, payload: ValidatePayload)] = []
        for original in originals {
            for reply in replies[original.id] ?? [] {
                units.append((key: validationKey(originID: original.id, sample: reply.index),
                              payload: ValidatePayload(originID: original.id, sample: reply.index)))
            }
        }
        try store.enqueue(stage: Self.validateStage, encoding: units)
        let validator = PairValidator(execution: execution, analyzer: analyzer, rules: settings.rules)
        let byID = self.byID
        let suffix = validationSuffix
        let mine = try store.units(stage: Self.validateStage).filter { $0.key.hasSuffix(suffix) }
        let reporter = progress("validate", mine.count)
        reporter.advance(by: mine.filter { $0.status == .done }.count)
        let concurrency = max(1, execution.pool.configuration.workers)
        try await StageRunner(store: store, stage: Self.validateStage, concurrency: concurrency).run(progress: reporter) { unit in
            let payload = try unit.decodedPayload(ValidatePayload.self)
            guard let original = byID[payload.originID],
                  let reply = replies[payload.originID]?.first(where: { $0.index == payload.sample }) else {
                return .failed(reason: "no reply for \(payload.originID) sample \(payload.sample)", tokens: TokenCounts(), endpoint: nil)
            }
            let verdict = try await validator.validate(original: original, sample: payload.sample, reply: reply.text)
            return .done(result: String(decoding: try JSONEncoder.sorted.encode(verdict), as: UTF8.self),
                         tokens: TokenCounts(), endpoint: nil)
        }
        reporter.finish()
    }

    // MARK: - Ranking and output (no model, no sandbox)

    /// Ranks the kept pairs into OUTPUT, every loss into the rejects file, and returns the figures.
    public func finish() async throws -> SemiInstructSummary {
        var summary = SemiInstructSummary()
        summary.input = input
        summary.runDirectory = directory.path
        summary.output = outputPath
        summary.rejects = rejectsPath
        summary.read = originals.count + duplicates.count
        summary.duplicates = duplicates.count
        summary.model = try store.meta("semi.model") ?? settings.model ?? ""
        summary.promptFormat = try store.meta("semi.prompt_format") ?? ""

        let generation = Dictionary(try store.units(stage: Self.generateStage).filter { $0.key.hasSuffix(generationSuffix) }
            .map { (String($0.key.dropLast(generationSuffix.count)), $0) }, uniquingKeysWith: { a, _ in a })
        let validation = Dictionary(try store.units(stage: Self.validateStage).filter { $0.key.hasSuffix(validationSuffix) }
            .map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })

        let rejects = try JSONRecordWriter(path: rejectsPath, layout: .lines)
        var kept: [PairRanking.Entry] = []
        func reject(_ original: NaturalCode, sample: Int?, outcome: String, reason: String, detail: String?,
                    verdict: PairVerdict? = nil) throws {
            summary.reasons[reason, default: 0] += 1
            var record: [String: JSONValue] = [
                "origin_id": .string(original.id), "origin": original.origin.json, "outcome": .string(outcome),
                "reason": .string(reason), "original": .string(original.code),
            ]
            if let sample { record["sample"] = .int(sample) }
            if let detail { record["detail"] = .string(detail) }
            if let verdict {
                if let reply = verdict.reply { record["reply"] = .string(reply) }
                if let instruction = verdict.instruction { record["instruction"] = .string(instruction) }
                if let function = verdict.function { record["function"] = .string(function) }
                if !verdict.failures.isEmpty {
                    record["failures"] = .array(verdict.failures.map {
                        ["input": .string($0.input), "expected": .string($0.expected), "got": .string($0.got)]
                    })
                }
                record["tests_passed"] = .int(verdict.passed)
                record["tests_compared"] = .int(verdict.compared)
                record["tests_discarded"] = .int(verdict.discarded)
            }
            try rejects.write(.object(record))
        }

        for original in originals {
            guard original.shape != nil else {
                summary.unsupported += 1
                try reject(original, sample: nil, outcome: "unsupported", reason: "unsupported original", detail: original.unsupported)
                continue
            }
            guard let unit = generation[original.id] else {
                summary.pending += 1
                continue
            }
            switch unit.status {
            case .pending, .running:
                summary.pending += 1
                continue
            case .failed:
                if unit.attempts < 3 {
                    summary.pending += 1
                } else {
                    summary.generationFailures += settings.samples
                    try reject(original, sample: nil, outcome: "generation_failed", reason: "generation failed", detail: unit.error)
                }
                continue
            case .done:
                break
            }
            let replies = (try? unit.decodedResult(GenerateResult.self))?.replies ?? []
            summary.generated += replies.count
            var anyKept = false
            for reply in replies {
                guard let validated = validation[validationKey(originID: original.id, sample: reply.index)],
                      validated.status == .done, let verdict = try? validated.decodedResult(PairVerdict.self) else {
                    summary.pending += 1
                    continue
                }
                switch verdict.outcome {
                case .kept:
                    summary.validated += 1
                    summary.kept += 1
                    summary.testsPassedHistogram[String(verdict.passed), default: 0] += 1
                    kept.append(PairRanking.Entry(verdict: verdict, original: original))
                    anyKept = true
                case .parseFailure:
                    summary.parseFailures += 1
                    try reject(original, sample: verdict.sample, outcome: verdict.outcome.rawValue,
                               reason: verdict.reason ?? "unparsable reply", detail: verdict.detail, verdict: verdict)
                case .originalFailed:
                    summary.originalsFailed += 1
                    try reject(original, sample: verdict.sample, outcome: verdict.outcome.rawValue,
                               reason: verdict.reason ?? "original failed", detail: verdict.detail, verdict: verdict)
                case .rejected:
                    summary.validated += 1
                    try reject(original, sample: verdict.sample, outcome: verdict.outcome.rawValue,
                               reason: verdict.reason ?? "rejected", detail: verdict.detail, verdict: verdict)
                }
            }
            if anyKept { summary.originalsKept += 1 }
        }
        for duplicate in duplicates {
            try reject(duplicate, sample: nil, outcome: "duplicate", reason: "duplicate original",
                       detail: "the same code as an earlier record")
        }
        try rejects.commit()

        let writer = try JSONRecordWriter(path: outputPath, layout: .lines)
        for entry in PairRanking.rank(kept, ascending: settings.ascending) {
            try writer.write(Self.record(entry))
        }
        try writer.commit()

        let cleaning = try CorpusCleaning.make(settings: settings.cleaningSettings)
        if cleaning.isActive, summary.kept > 0 {
            summary.removedByCleaning = try await cleaning.clean(outputPath)
        }

        for stage in [Self.generateStage] {
            let counts = try store.counts(stage: stage)
            summary.promptTokens += counts.usage.promptTokens
            summary.completionTokens += counts.usage.completionTokens
        }
        summary.modelRequests = modelRequests
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }

    /// One output record: the pair, its tests, where it came from.
    static func record(_ entry: PairRanking.Entry) -> JSONValue {
        let verdict = entry.verdict
        let original = entry.original
        let isFunction = original.shape?.kind != .program
        let tests: [JSONValue] = verdict.tests.map { test in
            if isFunction {
                var object: [String: JSONValue] = [
                    "input": .string(test.input), "call": .string("\(verdict.entryPoint ?? "f")(\(test.input))"),
                    "output": .string(test.output),
                ]
                if let arguments = test.arguments { object["arguments"] = arguments }
                if let value = test.value { object["value"] = value }
                return .object(object)
            }
            return .object(["stdin": .string(test.input), "stdout": .string(test.output)])
        }
        var record: [String: JSONValue] = [
            "instruction": .string(verdict.instruction ?? ""), "response": .string(verdict.function ?? ""),
            "shape": .string(isFunction ? "function" : "program"), "tests": .array(tests),
            "tests_passed": .int(verdict.passed), "tests_discarded": .int(verdict.discarded),
            "origin_id": .string(original.id), "origin": original.origin.json, "sample": .int(verdict.sample),
            "original": .string(original.code),
        ]
        if let entry = verdict.entryPoint { record["entry_point"] = .string(entry) }
        return .object(record)
    }
}

/// A validation unit's input: which original, which sample.
struct ValidatePayload: Codable, Sendable {
    var originID: String
    var sample: Int

    enum CodingKeys: String, CodingKey {
        case originID = "origin_id"
        case sample
    }
}
