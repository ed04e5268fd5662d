import Foundation
import InstructData
import ModelClient
import RunStore

/// Offline batch mode: the pending model requests of the current stage go out as OpenAI Batch
/// JSONL (`custom_id` = stage and unit key) for `vllm run-batch` or a batch API, and the
/// results come back in any order and go through the same steps as live replies.
extension InverseInstructRun {
    public struct BatchWritten: Sendable, Codable {
        public var stage: String
        public var requests: Int
        public var path: String
    }

    public struct BatchIngested: Sendable, Codable {
        public var accepted = 0
        /// Lines for units that are not pending (done already, or unknown).
        public var ignored = 0
        /// Lines whose result was an error or could not be used (recorded on the unit).
        public var failed = 0
    }

    static let batchSeparator: Character = "|"

    /// The prompt format for batch mode, where no server is there to probe: from the settings
    /// and the model name.
    func batchMode() throws -> PromptMode {
        try PromptMode.resolve(settings.promptFormat, modelName: settings.model ?? "", supportsCompletions: true)
    }

    /// Writes every runnable unit of the first unfinished stage. Returns what was written.
    public func writeBatch(to path: String) throws -> BatchWritten {
        let mode = try batchMode()
        let writer = try AtomicFileWriter(path: path)
        var stage = Self.summarizeStage
        var units = try store.runnable(stage: stage)
        if units.isEmpty {
            stage = Self.scoreStage
            units = try store.runnable(stage: stage)
        }
        let summarizer = SummarizeWorker(model: CountingModel(NoModel()), mode: mode, settings: settings,
                                         choicesPerRequest: settings.candidates)
        let scorer = ScoreWorker(model: CountingModel(NoModel()), mode: mode, settings: settings,
                                 topLogprobs: settings.scoreTopLogprobs ?? 20)
        let payloads = Dictionary(snippets.map { ($0.id, payload(for: $0)) }, uniquingKeysWith: { a, _ in a })
        var count = 0
        for unit in units {
            let customID = stage + String(Self.batchSeparator) + unit.key
            let line: String
            if stage == Self.summarizeStage {
                let payload = try unit.decodedPayload(SummarizePayload.self)
                let sampling = summarizer.sampling(for: payload, n: settings.candidates, index: 0)
                if let prompt = summarizer.prompt(for: payload) {
                    line = try BatchWire.requestLine(customID: customID, request: CompletionRequest(prompt: prompt, sampling: sampling, model: settings.model))
                } else {
                    line = try BatchWire.requestLine(customID: customID, request: ChatRequest(messages: summarizer.chatMessages(for: payload), sampling: sampling, model: settings.model))
                }
            } else {
                let payload = try unit.decodedPayload(ScorePayload.self)
                guard let snippet = payloads[payload.snippetID] else { continue }
                if let prompt = scorer.prompt(instruction: payload.instruction, snippet: snippet) {
                    line = try BatchWire.requestLine(customID: customID, request: CompletionRequest(prompt: prompt, sampling: scorer.sampling, model: settings.model))
                } else {
                    line = try BatchWire.requestLine(customID: customID, request: ChatRequest(
                        messages: scorer.chatMessages(instruction: payload.instruction, snippet: snippet), sampling: scorer.sampling, model: settings.model))
                }
            }
            try writer.write(line + "\n")
            count += 1
        }
        try writer.commit()
        return BatchWritten(stage: stage, requests: count, path: path)
    }

    /// Reads batch results (any order) and records them on their units.
    public func ingestBatch(from path: String) async throws -> BatchIngested {
        let mode = try batchMode()
        let summarizer = SummarizeWorker(model: CountingModel(NoModel()), mode: mode, settings: settings,
                                         choicesPerRequest: settings.candidates)
        var ingested = BatchIngested()
        let reader = DatasetReader(path: path)
        var iterator = reader.makeIterator()
        while let item = try iterator.nextItem() {
            guard case .record(let record) = item else {
                if case .invalid(let error) = item { throw ToolError(.invalidSettings, error.description) }
                continue
            }
            let line = JSONValue.object(record.fields).serialized()
            let parsed = try BatchWire.parseResultLine(line, source: "\(path):\(record.location.line)")
            let parts = parsed.customID.split(separator: Self.batchSeparator, maxSplits: 1).map(String.init)
            guard parts.count == 2, let unit = try store.claim(stage: parts[0], keys: [parts[1]]).first else {
                ingested.ignored += 1
                continue
            }
            switch parsed.result {
            case .failure(let error):
                try store.fail(unit, error: String(describing: error))
                ingested.failed += 1
            case .success(let result):
                let outcome: UnitOutcome
                if unit.stage == Self.summarizeStage {
                    outcome = summarizer.outcome(payload: try unit.decodedPayload(SummarizePayload.self), results: [(0, result)])
                } else {
                    outcome = ScoreWorker.outcome(result)
                }
                switch outcome {
                case .done(let text, let tokens, let endpoint):
                    try store.complete(unit, result: text, usage: tokens, endpoint: endpoint)
                    ingested.accepted += 1
                case .failed(let reason, let tokens, let endpoint):
                    try store.fail(unit, error: reason, final: true, usage: tokens, endpoint: endpoint)
                    ingested.failed += 1
                }
            }
        }
        try enqueueScoresForFinishedSummaries()
        return ingested
    }
}

/// Stands in where a worker is used only to build requests and read replies.
struct NoModel: LanguageModel {
    func complete(_ request: CompletionRequest) async throws -> CompletionResult {
        throw ModelClientError.configuration("batch mode makes no live requests")
    }

    func chat(_ request: ChatRequest) async throws -> CompletionResult {
        throw ModelClientError.configuration("batch mode makes no live requests")
    }
}
