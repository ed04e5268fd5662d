import Benchmarks
import Console
import Foundation
import InstructData
import ModelClient
import RunStore

/// Writes a benchmark's samples with a model (`eval humaneval|mbpp --model …`). Every
/// (task, sample batch) is a unit in the run directory's store, so a killed generation resumes
/// without redoing finished units, and a finished one makes no model requests at all.
public final class BenchmarkGeneration {
    public let settings: BenchmarkGenerationSettings
    public let problems: [any GenerationTask]
    public let directory: URL
    public let store: RunStore
    public let stage: String
    private let lock: RunLock
    private let problemsByID: [String: any GenerationTask]
    /// Model requests made by this process (not by earlier runs on the same directory).
    public private(set) var modelRequests = 0
    /// Wall time of this process's model work.
    public private(set) var seconds = 0.0

    /// Takes the run directory's lock, opens its store and enqueues this generation's units.
    /// Units a killed process left running, and failed ones, become runnable again.
    public init(settings: BenchmarkGenerationSettings, problems: [any GenerationTask], directory: URL) throws {
        try settings.validate()
        self.settings = settings
        self.problems = problems
        self.directory = directory
        stage = "generate-\(settings.dataset)"
        problemsByID = Dictionary(problems.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            lock = try RunLock(directory: directory)
        } catch let busy as RunLock.Busy {
            throw ToolError(.busy, busy.description)
        }
        store = try RunStore(directory: directory)
        try store.recoverInterrupted(stage: stage)
        try store.resetFailed(stage: stage)
        try store.discardUnfinished(stage: stage, keepingKeysEndingWith: settings.fingerprint)
        try store.enqueue(stage: stage, encoding: units.map { (key: $0.key, payload: $0.payload) })
    }

    /// Generates the samples of `problems` (resuming from `paths.runDirectory`), writes them to
    /// `paths.samples` as `record` makes each, and says what generation did. With `sanitize`,
    /// the samples file holds what it makes of the samples, and `paths.rawSamples` the samples
    /// as the model wrote them (as evalplus's code generation writes both).
    public static func generate(_ settings: BenchmarkGenerationSettings, problems: [any GenerationTask],
                                paths: BenchmarkOutputPaths, model selection: ModelSelection,
                                log: @escaping @Sendable (String) -> Void,
                                progress: (String, Int?) -> ProgressReporter,
                                sanitize: (([GeneratedSample]) async throws -> SanitizedSamples)? = nil,
                                record: (GeneratedSample) -> JSONValue) async throws -> BenchmarkGenerationSummary {
        let generation = try BenchmarkGeneration(settings: settings, problems: problems,
                                                 directory: URL(fileURLWithPath: paths.runDirectory))
        if try generation.pendingUnits() > 0 {
            try await withLanguageModel(selection, progress: log) { pool in
                try await generation.execute(model: pool, capabilities: pool.capabilities, progress: progress)
            }
        }
        let samples = try generation.samples()
        guard let sanitize else {
            try generation.writeSamples(samples, to: paths.samples, record: record)
            return try generation.summary(samplesPath: paths.samples, samples: samples.count)
        }
        let sanitized = try await sanitize(samples)
        try generation.writeSamples(samples, to: paths.rawSamples, record: record)
        try generation.writeSamples(sanitized.samples, to: paths.samples, record: record)
        var summary = try generation.summary(samplesPath: paths.samples, samples: samples.count)
        summary.sanitized = BenchmarkGenerationSummary.Sanitized(changed: sanitized.changed, rawSamplesFile: paths.rawSamples)
        return summary
    }

    /// This generation's units, in sample-file order.
    var units: [(key: String, payload: BenchmarkGenerationPayload)] {
        problems.flatMap { problem in
            settings.batchSizes.enumerated().map { batch, count in
                (key: "\(problem.taskID)#\(batch)/\(settings.fingerprint)",
                 payload: BenchmarkGenerationPayload(taskID: problem.taskID, batch: batch, count: count))
            }
        }
    }

    /// This generation's units that still need the model.
    public func pendingUnits() throws -> Int {
        let keys = Set(units.map(\.key))
        return try store.units(stage: stage).filter { keys.contains($0.key) && $0.status != .done }.count
    }

    /// Generates every pending unit.
    public func execute(model baseModel: any LanguageModel, capabilities: ServerCapabilities?,
                        progress: (String, Int?) -> ProgressReporter) async throws {
        let started = ContinuousClock.now
        let model = CountingModel(baseModel)
        defer {
            modelRequests += model.requests
            seconds += (ContinuousClock.now - started).seconds
        }
        let modelName = capabilities?.model ?? settings.modelIdentity
        let mode = try PromptMode.resolve(settings.promptFormat, modelName: modelName,
                                          supportsCompletions: capabilities?.supportsCompletions ?? true)
        if mode != .chat, let capabilities, !capabilities.supportsCompletions {
            throw ToolError(.invalidSettings, "\(capabilities.model): the server has no /v1/completions for the \(mode) prompt format; use --prompt-format chat")
        }
        try store.setMeta("\(stage).model", modelName)
        try store.setMeta("\(stage).prompt_format", mode.description)
        let choicesPerRequest = capabilities?.choicesPerRequest ?? BenchmarkGenerationSettings.batchLimit
        let worker = BenchmarkGenerationWorker(model: model, mode: mode, settings: settings,
                                               choicesPerRequest: min(choicesPerRequest, BenchmarkGenerationSettings.batchLimit))
        let problemsByID = self.problemsByID
        let keys = Set(units.map(\.key))
        let mine = try store.units(stage: stage).filter { keys.contains($0.key) }
        let reporter = progress("generate \(settings.dataset)", mine.count)
        reporter.advance(by: mine.filter { $0.status == .done }.count)
        try await StageRunner(store: store, stage: stage, concurrency: settings.concurrency).run(progress: reporter) { unit in
            let payload = try unit.decodedPayload(BenchmarkGenerationPayload.self)
            guard let problem = problemsByID[payload.taskID] else {
                return .failed(reason: "task \(payload.taskID) is not in the problems", tokens: TokenCounts(), endpoint: nil)
            }
            return try await worker.run(payload, problem: problem)
        }
        reporter.finish()
    }

    /// The samples of every unit, in task order. Throws when a unit is not done, naming how
    /// many and the last error, so no partial sample set is ever evaluated.
    public func samples() throws -> [GeneratedSample] {
        let byKey = Dictionary(try store.units(stage: stage).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var samples: [GeneratedSample] = []
        var unfinished = 0
        var lastError: String?
        for (key, payload) in units {
            guard let unit = byKey[key], unit.status == .done,
                  let result = try? unit.decodedResult(BenchmarkGenerationResult.self) else {
                unfinished += 1
                lastError = byKey[key]?.error ?? lastError
                continue
            }
            for code in result.codes { samples.append(GeneratedSample(taskID: payload.taskID, code: code)) }
        }
        guard unfinished == 0 else {
            throw ToolError(.invalidSettings, "generation incomplete: \(unfinished) of \(units.count) units not done"
                + (lastError.map { " (last error: \($0))" } ?? "") + "; run the same command again to retry")
        }
        return samples
    }

    /// Writes the samples atomically, one record each as `record` makes it (the benchmark's own
    /// samples format: human-eval `completion`, evalplus `solution`, MultiPL-E `completion`).
    public func writeSamples(_ samples: [GeneratedSample], to path: String, record: (GeneratedSample) -> JSONValue) throws {
        let writer = try JSONRecordWriter(path: path, layout: .lines)
        for sample in samples { try writer.write(record(sample)) }
        try writer.commit()
    }

    /// Tokens and counts of this generation's units (all runs on the directory).
    public func summary(samplesPath: String, samples: Int) throws -> BenchmarkGenerationSummary {
        let keys = Set(units.map(\.key))
        let mine = try store.units(stage: stage).filter { keys.contains($0.key) }
        return BenchmarkGenerationSummary(
            model: try store.meta("\(stage).model") ?? settings.modelIdentity,
            promptFormat: try store.meta("\(stage).prompt_format") ?? settings.promptFormat,
            units: mine.count, samples: samples, requests: modelRequests,
            promptTokens: mine.reduce(0) { $0 + $1.usage.promptTokens },
            completionTokens: mine.reduce(0) { $0 + $1.usage.completionTokens },
            seconds: seconds, samplesFile: samplesPath, runDirectory: directory.path)
    }
}

/// Samples after sanitizing, and how many of them it changed.
public struct SanitizedSamples: Sendable {
    public var samples: [GeneratedSample]
    public var changed: Int

    public init(samples: [GeneratedSample], changed: Int) {
        self.samples = samples
        self.changed = changed
    }
}

/// One generated sample: the task and the code taken from the model's answer.
public struct GeneratedSample: Sendable, Hashable {
    public var taskID: String
    public var code: String
    /// Whether `code` is a sanitized whole program (else: as the answer gave it, which for a
    /// pre-filled HumanEval prompt continues the prompt).
    public var isSanitized = false

    public init(taskID: String, code: String, isSanitized: Bool = false) {
        self.taskID = taskID
        self.code = code
        self.isSanitized = isSanitized
    }
}

/// What generation did, for the command's summary (`generation` in `--json`).
public struct BenchmarkGenerationSummary: Sendable, Codable, Hashable {
    /// The summary lines of what generation did, under an evaluation's own.
    public func addLines(to text: inout Summary) {
        text.add("model", "\(model) (\(promptFormat) format)")
        text.add("samples", "\(samples) generated → \(samplesFile)")
        if let sanitized {
            text.add("sanitized", "\(sanitized.changed) of \(samples) changed (as written: \(sanitized.rawSamplesFile))")
        }
        text.add("model requests", "\(requests) (run directory \(runDirectory))")
        text.add("generation tokens", "\(promptTokens) prompt, \(completionTokens) completion")
        text.add("generation time", String(format: "%.1f s", seconds))
    }

    /// Two generations' figures together (MultiPL-E: one per language).
    func adding(_ other: BenchmarkGenerationSummary) -> BenchmarkGenerationSummary {
        var sum = self
        sum.units += other.units
        sum.samples += other.samples
        sum.requests += other.requests
        sum.promptTokens += other.promptTokens
        sum.completionTokens += other.completionTokens
        sum.seconds += other.seconds
        if let mine = sum.sanitized, let theirs = other.sanitized { sum.sanitized?.changed = mine.changed + theirs.changed }
        return sum
    }

    public var model: String
    public var promptFormat: String
    public var units: Int
    public var samples: Int
    /// Model requests made by this process; 0 when every unit was already done.
    public var requests: Int
    public var promptTokens: Int
    public var completionTokens: Int
    /// Wall time of this process's model work.
    public var seconds: Double
    public var samplesFile: String
    public var runDirectory: String
    /// What sanitizing did, when the samples were sanitized.
    public var sanitized: Sanitized?

    /// How many samples the sanitizer changed, and where the samples as written are.
    public struct Sanitized: Sendable, Codable, Hashable {
        public var changed: Int
        public var rawSamplesFile: String

        enum CodingKeys: String, CodingKey {
            case changed
            case rawSamplesFile = "raw_samples_file"
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, units, samples, requests, seconds, sanitized
        case promptFormat = "prompt_format"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case samplesFile = "samples_file"
        case runDirectory = "run_directory"
    }
}
