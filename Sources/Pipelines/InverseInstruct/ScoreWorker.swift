import Foundation
import InstructData
import ModelClient
import RunStore

/// The self-evaluation step for one candidate: greedy, one generated token, the top logprobs at
/// that position, and the LM-score from them.
public struct ScoreWorker: Sendable {
    public var model: any LanguageModel
    public var mode: PromptMode
    public var settings: InverseInstructSettings
    /// How many top logprobs to ask for (the server's limit, at least 5).
    public var topLogprobs: Int

    public init(model: any LanguageModel, mode: PromptMode, settings: InverseInstructSettings, topLogprobs: Int) {
        self.model = model
        self.mode = mode
        self.settings = settings
        self.topLogprobs = topLogprobs
    }

    /// Greedy, no penalty, no cut: explicit, so no server default changes the reading.
    public var sampling: SamplingParameters {
        SamplingParameters(n: 1, temperature: 0, maxTokens: 1, repetitionPenalty: 1, topLogprobs: topLogprobs,
                           cachePrompt: settings.reproducible ? false : nil).withExplicitDefaults()
    }

    public func prompt(instruction: String, snippet: SummarizePayload) -> String? {
        guard case .template(let template) = mode else { return nil }
        return template.render(instruction: InverseInstructPrompts.selfEvaluation(
            instruction: instruction, code: snippet.code, language: snippet.language))
    }

    public func chatMessages(instruction: String, snippet: SummarizePayload) -> [ChatMessage] {
        [.user(InverseInstructPrompts.selfEvaluation(instruction: instruction, code: snippet.code, language: snippet.language))]
    }

    public func run(_ payload: ScorePayload, snippet: SummarizePayload) async throws -> UnitOutcome {
        let result: CompletionResult
        if let prompt = prompt(instruction: payload.instruction, snippet: snippet) {
            result = try await model.complete(CompletionRequest(prompt: prompt, sampling: sampling))
        } else {
            result = try await model.chat(ChatRequest(messages: chatMessages(instruction: payload.instruction, snippet: snippet),
                                                      sampling: sampling))
        }
        return Self.outcome(result, reading: settings.scoreReading)
    }

    /// `reading`: `merged` or `reference` (see `InverseInstructSettings.scoreReading`).
    public static func outcome(_ result: CompletionResult, reading: String = "merged") -> UnitOutcome {
        let tokens = TokenCounts(promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens)
        guard let first = result.choices.first?.logprobs?.first else {
            return .failed(reason: "the server returned no logprobs for the first position (reply: \(result.text.prefix(200)))",
                           tokens: tokens, endpoint: result.endpoint)
        }
        var top = first.dictionary
        if let logprob = first.logprob, top[first.token] == nil { top[first.token] = logprob }
        let lmScore = reading == "reference" ? LMScore(referenceReadingOf: first.top.map { ($0.token, $0.logprob) })
                                             : LMScore(topLogprobs: top)
        let score = ScoreResult(score: lmScore, token: first.token, top: top)
        let text = (try? String(decoding: JSONEncoder.sorted.encode(score), as: UTF8.self)) ?? "{}"
        return .done(result: text, tokens: tokens, endpoint: result.endpoint)
    }
}
