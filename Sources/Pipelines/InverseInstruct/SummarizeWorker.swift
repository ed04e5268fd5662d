import Foundation
import InstructData
import ModelClient
import RunStore

/// One request of a snippet's summarize step: the candidates it asks for (choice `i` of the
/// reply is candidate `indices[i]`) and the opener they all pre-fill.
public struct SummarizeRequest: Sendable, Hashable {
    public var indices: [Int]
    public var opener: String

    public init(indices: [Int], opener: String) {
        self.indices = indices
        self.opener = opener
    }

    /// The first candidate index, which also offsets the request's seed.
    public var first: Int { indices.first ?? 0 }
    public var n: Int { indices.count }
}

/// The summarize step for one snippet: K instruction candidates. Candidates that share an
/// opener are asked in one request with `n` = their count (one prompt prefill instead of
/// several) where the server can, in smaller or seeded single requests otherwise.
public struct SummarizeWorker: Sendable {
    public var model: any LanguageModel
    public var mode: PromptMode
    public var settings: InverseInstructSettings
    /// Most choices one request may ask for: K where the server allows, its slot count where
    /// that is fewer (llama.cpp refuses an `n` above its slots), 1 where it returns one choice.
    public var choicesPerRequest: Int

    public init(model: any LanguageModel, mode: PromptMode, settings: InverseInstructSettings, choicesPerRequest: Int) {
        self.model = model
        self.mode = mode
        self.settings = settings
        self.choicesPerRequest = max(1, choicesPerRequest)
    }

    /// The requests when all K candidates share one opener: (first candidate index, n) each.
    /// With an opener per candidate a snippet needs at least as many requests.
    public var requests: [SummarizeRequest] {
        choiceBatches(count: settings.candidates, per: choicesPerRequest).map {
            SummarizeRequest(indices: Array($0.first..<($0.first + $0.n)), opener: "")
        }
    }

    /// A snippet's requests: candidates grouped by opener (in order of first appearance), each
    /// group split into requests the server accepts.
    public func requests(for payload: SummarizePayload) -> [SummarizeRequest] {
        let openers = payload.candidateOpeners(count: settings.candidates)
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (index, opener) in openers.enumerated() {
            if groups[opener] == nil { order.append(opener) }
            groups[opener, default: []].append(index)
        }
        return order.flatMap { opener in
            let indices = groups[opener] ?? []
            return choiceBatches(count: indices.count, per: choicesPerRequest).map {
                SummarizeRequest(indices: Array(indices[$0.first..<($0.first + $0.n)]), opener: opener)
            }
        }
    }

    /// The seed of a snippet's request: fixed by the run's seed and the snippet, so a resumed
    /// or repeated run asks the same question in the same way.
    public static func seed(runSeed: Int, snippetID: String, index: Int = 0) -> Int {
        let value = UInt64(ContentHash.sha256("\(runSeed):\(snippetID)").prefix(8), radix: 16) ?? 0
        return Int(value % 1_000_000_007) + index
    }

    /// Every distribution-shaping parameter explicit (DESIGN.md: the reference samples with
    /// vLLM, which cuts nothing and penalizes prompt and output).
    public func sampling(for payload: SummarizePayload, n: Int, index: Int) -> SamplingParameters {
        var stop = ["```"]
        if case .template(let template) = mode { stop += template.stop }
        return SamplingParameters(
            n: n, temperature: settings.temperature, topP: settings.topP, maxTokens: settings.maxTokens, stop: stop,
            seed: Self.seed(runSeed: settings.seed, snippetID: payload.snippetID, index: index),
            repetitionPenalty: settings.repetitionPenalty, cachePrompt: settings.reproducible ? false : nil,
            topK: settings.samplingTopK, minP: settings.minP, repetitionPenaltyRange: settings.penaltyRange)
    }

    /// The raw prompt (template mode), ending with the pre-filled response start.
    public func prompt(for payload: SummarizePayload, opener: String) -> String? {
        guard case .template(let template) = mode else { return nil }
        return template.render(
            instruction: InverseInstructPrompts.summarization(code: payload.code, language: payload.language),
            responsePrefix: InverseInstructPrompts.responseStart(opener: opener, language: payload.language))
    }

    public func chatMessages(for payload: SummarizePayload, opener: String) -> [ChatMessage] {
        let start = InverseInstructPrompts.responseStart(opener: opener, language: payload.language)
        let text = InverseInstructPrompts.summarization(code: payload.code, language: payload.language)
            + "\nBegin your answer with \"\(start)\"."
        return [.user(text)]
    }

    func send(_ payload: SummarizePayload, _ request: SummarizeRequest) async throws -> CompletionResult {
        let sampling = sampling(for: payload, n: request.n, index: request.first)
        if let prompt = prompt(for: payload, opener: request.opener) {
            return try await model.complete(CompletionRequest(prompt: prompt, sampling: sampling))
        }
        return try await model.chat(ChatRequest(messages: chatMessages(for: payload, opener: request.opener), sampling: sampling))
    }

    public func run(_ unit: WorkUnit) async throws -> UnitOutcome {
        let payload = try unit.decodedPayload(SummarizePayload.self)
        // Each request's seed is offset by its first candidate index, so K = 1-choice requests
        // are K different samples, and one n = K request keeps the snippet's own seed.
        let results = try await withThrowingTaskGroup(of: (SummarizeRequest, CompletionResult).self) { group in
            for request in requests(for: payload) {
                group.addTask { (request, try await send(payload, request)) }
            }
            var collected: [(request: SummarizeRequest, result: CompletionResult)] = []
            for try await item in group { collected.append(item) }
            return collected
        }
        return outcome(payload: payload, results: results)
    }

    /// The candidate text from a continuation: cleaned (the default), or the reference's
    /// strip-only opener + continuation.
    func verdict(opener: String, continuation: String) -> CandidateCleaner.Verdict {
        guard settings.cleanCandidates else { return .instruction((opener + continuation).trimmingWhitespace()) }
        return CandidateCleaner.clean(opener: opener, continuation: continuation)
    }

    /// Turns the server's choices into candidates. `results` pairs each reply with its
    /// request; a choice's identity is the request's candidate at the choice's own `index`
    /// field, never its position in the reply.
    public func outcome(payload: SummarizePayload, results: [(request: SummarizeRequest, result: CompletionResult)]) -> UnitOutcome {
        var byIndex: [Int: Choice] = [:]
        var usage = TokenCounts()
        var endpoint: String?
        for (request, result) in results {
            usage = usage + TokenCounts(promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens)
            endpoint = endpoint ?? result.endpoint
            for choice in result.choices where request.indices.indices.contains(choice.index) {
                byIndex[request.indices[choice.index]] = choice
            }
        }
        let openers = payload.candidateOpeners(count: settings.candidates)
        var candidates: [Candidate] = []
        for index in 0..<settings.candidates {
            let opener = mode == .chat ? "" : InverseInstructPrompts.responseStart(opener: openers[index], language: payload.language)
            guard let choice = byIndex[index] else {
                candidates.append(Candidate(snippetID: payload.snippetID, index: index, opener: opener, instruction: nil,
                                            rejection: "the server returned no choice \(index)", raw: "", finishReason: "none"))
                continue
            }
            var candidate = Candidate(snippetID: payload.snippetID, index: index, opener: opener, instruction: nil,
                                      rejection: nil, raw: choice.text, finishReason: choice.finishReason.description)
            switch verdict(opener: opener, continuation: choice.text) {
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
