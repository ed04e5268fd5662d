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
    /// Between a summarize unit's key and its request's first candidate, when it has several.
    static let batchRequestSeparator: Character = "#"

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
                                 topLogprobs: settings.scoreReading == "reference" ? 5 : settings.scoreTopLogprobs ?? 20)
        let payloads = Dictionary(snippets.map { ($0.id, payload(for: $0)) }, uniquingKeysWith: { a, _ in a })
        var count = 0
        for unit in units {
            let customID = stage + String(Self.batchSeparator) + unit.key
            if stage == Self.summarizeStage {
                // One line per request: candidates that share an opener share a line; a snippet
                // with several openers gets several, told apart by their first candidate.
                let payload = try unit.decodedPayload(SummarizePayload.self)
                let requests = summarizer.requests(for: payload)
                for request in requests {
                    let id = requests.count == 1 ? customID : customID + String(Self.batchRequestSeparator) + String(request.first)
                    let sampling = summarizer.sampling(for: payload, n: request.n, index: request.first)
                    let line: String
                    if let prompt = summarizer.prompt(for: payload, opener: request.opener) {
                        line = try BatchWire.requestLine(customID: id, request: CompletionRequest(prompt: prompt, sampling: sampling, model: settings.model))
                    } else {
                        line = try BatchWire.requestLine(customID: id, request: ChatRequest(
                            messages: summarizer.chatMessages(for: payload, opener: request.opener), sampling: sampling, model: settings.model))
                    }
                    try writer.write(line + "\n")
                    count += 1
                }
                continue
            }
            let line: String
            let payload = try unit.decodedPayload(ScorePayload.self)
            guard let snippet = payloads[payload.snippetID] else { continue }
            if let prompt = scorer.prompt(instruction: payload.instruction, snippet: snippet) {
                line = try BatchWire.requestLine(customID: customID, request: CompletionRequest(prompt: prompt, sampling: scorer.sampling, model: settings.model))
            } else {
                line = try BatchWire.requestLine(customID: customID, request: ChatRequest(
                    messages: scorer.chatMessages(instruction: payload.instruction, snippet: snippet), sampling: scorer.sampling, model: settings.model))
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
        // A summarize unit is recorded once all its requests' lines are in.
        var summaryParts: [String: [Int: Result<CompletionResult, ModelClientError>]] = [:]
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
            guard parts.count == 2 else {
                ingested.ignored += 1
                continue
            }
            if parts[0] == Self.summarizeStage {
                let keyAndRequest = parts[1].split(separator: Self.batchRequestSeparator, maxSplits: 1).map(String.init)
                summaryParts[keyAndRequest[0], default: [:]][keyAndRequest.count == 2 ? Int(keyAndRequest[1]) ?? -1 : 0] = parsed.result
                continue
            }
            guard let unit = try store.claim(stage: parts[0], keys: [parts[1]]).first else {
                ingested.ignored += 1
                continue
            }
            switch parsed.result {
            case .failure(let error):
                try store.fail(unit, error: String(describing: error))
                ingested.failed += 1
            case .success(let result):
                try recordOutcome(ScoreWorker.outcome(result, reading: settings.scoreReading), on: unit, into: &ingested)
            }
        }
        for key in summaryParts.keys.sorted() {
            guard let lines = summaryParts[key], let unit = try store.claim(stage: Self.summarizeStage, keys: [key]).first else {
                ingested.ignored += summaryParts[key]?.count ?? 0
                continue
            }
            let payload = try unit.decodedPayload(SummarizePayload.self)
            let requests = summarizer.requests(for: payload)
            var results: [(request: SummarizeRequest, result: CompletionResult)] = []
            var problem: String?
            for request in requests {
                switch lines[request.first] {
                case .success(let result)?: results.append((request, result))
                case .failure(let error)?: problem = problem ?? String(describing: error)
                case nil: problem = problem ?? "the batch results lack the request for candidate \(request.first)"
                }
            }
            if let problem {
                try store.fail(unit, error: problem)
                ingested.failed += 1
            } else {
                try recordOutcome(summarizer.outcome(payload: payload, results: results), on: unit, into: &ingested)
            }
        }
        try enqueueScoresForFinishedSummaries()
        return ingested
    }

    private func recordOutcome(_ outcome: UnitOutcome, on unit: WorkUnit, into ingested: inout BatchIngested) throws {
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

/// Stands in where a worker is used only to build requests and read replies.
struct NoModel: LanguageModel {
    func complete(_ request: CompletionRequest) async throws -> CompletionResult {
        throw ModelClientError.configuration("batch mode makes no live requests")
    }

    func chat(_ request: ChatRequest) async throws -> CompletionResult {
        throw ModelClientError.configuration("batch mode makes no live requests")
    }
}
