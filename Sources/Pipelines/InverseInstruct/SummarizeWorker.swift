import Foundation
import InstructData
import ModelClient
import RunStore

/// The summarize step for one snippet: K instruction candidates from one request with `n` = K
/// (one prompt prefill instead of K) where the server can, from K seeded requests otherwise.
public struct SummarizeWorker: Sendable {
    public var model: any LanguageModel
    public var mode: PromptMode
    public var settings: InverseInstructSettings
    /// Most choices one request asks for: K where the server allows, its slot count where that
    /// is fewer (llama.cpp refuses an `n` above its slots), 1 where it returns one choice.
    public var choicesPerRequest: Int

    public init(model: any LanguageModel, mode: PromptMode, settings: InverseInstructSettings, choicesPerRequest: Int) {
        self.model = model
        self.mode = mode
        self.settings = settings
        self.choicesPerRequest = max(1, choicesPerRequest)
    }

    /// The requests for a snippet's K candidates: (first candidate index, n) each.
    public var requests: [(first: Int, n: Int)] {
        choiceBatches(count: settings.candidates, per: choicesPerRequest)
    }

    /// The seed of a snippet's request: fixed by the run's seed and the snippet, so a resumed
    /// or repeated run asks the same question in the same way.
    public static func seed(runSeed: Int, snippetID: String, index: Int = 0) -> Int {
        let value = UInt64(ContentHash.sha256("\(runSeed):\(snippetID)").prefix(8), radix: 16) ?? 0
        return Int(value % 1_000_000_007) + index
    }

    public func sampling(for payload: SummarizePayload, n: Int, index: Int) -> SamplingParameters {
        var stop = ["```"]
        if case .template(let template) = mode { stop += template.stop }
        return SamplingParameters(
            n: n, temperature: settings.temperature, topP: settings.topP, maxTokens: settings.maxTokens, stop: stop,
            seed: Self.seed(runSeed: settings.seed, snippetID: payload.snippetID, index: index),
            repetitionPenalty: settings.repetitionPenalty, cachePrompt: settings.reproducible ? false : nil)
    }

    /// The raw prompt (template mode), ending with the pre-filled response start.
    public func prompt(for payload: SummarizePayload) -> String? {
        guard case .template(let template) = mode else { return nil }
        return template.render(
            instruction: InverseInstructPrompts.summarization(code: payload.code, language: payload.language),
            responsePrefix: InverseInstructPrompts.responseStart(opener: payload.opener, language: payload.language))
    }

    public func chatMessages(for payload: SummarizePayload) -> [ChatMessage] {
        let start = InverseInstructPrompts.responseStart(opener: payload.opener, language: payload.language)
        let text = InverseInstructPrompts.summarization(code: payload.code, language: payload.language)
            + "\nBegin your answer with \"\(start)\"."
        return [.user(text)]
    }

    func send(_ payload: SummarizePayload, n: Int, index: Int) async throws -> CompletionResult {
        let sampling = sampling(for: payload, n: n, index: index)
        if let prompt = prompt(for: payload) {
            return try await model.complete(CompletionRequest(prompt: prompt, sampling: sampling))
        }
        return try await model.chat(ChatRequest(messages: chatMessages(for: payload), sampling: sampling))
    }

    public func run(_ unit: WorkUnit) async throws -> UnitOutcome {
        let payload = try unit.decodedPayload(SummarizePayload.self)
        // Each request's seed is offset by its first candidate index, so K = 1-choice requests
        // are K different samples, and one n = K request keeps the snippet's own seed.
        let results = try await withThrowingTaskGroup(of: (Int, CompletionResult).self) { group in
            for request in requests {
                group.addTask { (request.first, try await send(payload, n: request.n, index: request.first)) }
            }
            var collected: [(index: Int, result: CompletionResult)] = []
            for try await item in group { collected.append(item) }
            return collected
        }
        return outcome(payload: payload, results: results)
    }

    /// Turns the server's choices into candidates. `results` pairs each reply with its
    /// request's first candidate index; a choice's identity is that index plus the choice's own
    /// `index` field, never its position in the reply.
    public func outcome(payload: SummarizePayload, results: [(index: Int, result: CompletionResult)]) -> UnitOutcome {
        var byIndex: [Int: Choice] = [:]
        var usage = TokenCounts()
        var endpoint: String?
        for (first, result) in results {
            usage = usage + TokenCounts(promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens)
            endpoint = endpoint ?? result.endpoint
            for choice in result.choices {
                byIndex[first + choice.index] = choice
            }
        }
        let opener = mode == .chat ? "" : InverseInstructPrompts.responseStart(opener: payload.opener, language: payload.language)
        var candidates: [Candidate] = []
        for index in 0..<settings.candidates {
            guard let choice = byIndex[index] else {
                candidates.append(Candidate(snippetID: payload.snippetID, index: index, opener: opener, instruction: nil,
                                            rejection: "the server returned no choice \(index)", raw: "", finishReason: "none"))
                continue
            }
            var candidate = Candidate(snippetID: payload.snippetID, index: index, opener: opener, instruction: nil,
                                      rejection: nil, raw: choice.text, finishReason: choice.finishReason.description)
            switch CandidateCleaner.clean(opener: opener, continuation: choice.text) {
            case .instruction(let text): candidate.instruction = text
            case .rejected(let reason): candidate.rejection = reason
            }
            if candidate.instruction != nil, choice.finishReason == .length {
                // Cut off by max_tokens with no fence: the instruction may be incomplete, but
                // it is still text the model wrote; keep it and say so.
                candidate.rejection = nil
            }
            candidates.append(candidate)
        }
        let result = SummarizeResult(candidates: candidates)
        let text = (try? String(decoding: JSONEncoder.sorted.encode(result), as: UTF8.self)) ?? "{}"
        return .done(result: text, tokens: usage, endpoint: endpoint)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
