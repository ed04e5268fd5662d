import Foundation
import InstructData
import ModelClient
import RunStore

/// A generation unit's input: which original.
struct GeneratePayload: Codable, Sendable {
    var originID: String

    enum CodingKeys: String, CodingKey {
        case originID = "origin_id"
    }
}

/// A generation unit's output: the model's replies, whole (a pre-filled start included), one
/// per sample.
struct GenerateResult: Codable, Sendable {
    struct Reply: Codable, Sendable {
        var index: Int
        var text: String
        var finishReason: String

        enum CodingKeys: String, CodingKey {
            case index, text
            case finishReason = "finish_reason"
        }
    }

    var replies: [Reply]
}

/// Asks the model for N samples of one original: one request with `n` = N where the server
/// takes `n` (one prompt prefill), N seeded requests otherwise.
struct GenerateWorker: Sendable {
    var model: any LanguageModel
    var mode: PromptMode
    var settings: SemiInstructSettings
    var choicesPerRequest: Int

    struct MissingChoices: Error, CustomStringConvertible {
        var asked: Int
        var got: Int
        var description: String { "the server returned \(got) of \(asked) choices" }
    }

    func sampling(originID: String, n: Int, index: Int) -> SamplingParameters {
        var stop = SemiInstructPrompts.stops
        if case .template(let template) = mode { stop += template.stop }
        return SamplingParameters(n: n, temperature: settings.effectiveTemperature, maxTokens: settings.maxTokens, stop: stop,
                                  seed: SummarizeWorker.seed(runSeed: settings.seed, snippetID: originID, index: index))
    }

    func send(_ original: NaturalCode, shape: CodeShape, n: Int, index: Int) async throws -> CompletionResult {
        let instruction = SemiInstructPrompts.generation(code: original.code, shape: shape)
        let sampling = sampling(originID: original.id, n: n, index: index)
        switch mode {
        case .template(let template):
            return try await model.complete(CompletionRequest(
                prompt: template.render(instruction: instruction, responsePrefix: SemiInstructPrompts.responseStart),
                sampling: sampling))
        case .chat:
            let text = instruction + "\nBegin your answer with \"\(SemiInstructPrompts.instructionHeader)\"."
            return try await model.chat(ChatRequest(messages: [.user(text)], sampling: sampling))
        }
    }

    func run(_ original: NaturalCode) async throws -> UnitOutcome {
        guard let shape = original.shape else {
            return .failed(reason: "unsupported original: \(original.unsupported ?? "")", tokens: TokenCounts(), endpoint: nil)
        }
        let count = settings.samples
        let batches = choiceBatches(count: count, per: choicesPerRequest)
        let results: [CompletionResult] = try await withThrowingTaskGroup(of: (Int, CompletionResult).self) { group in
            for (request, batch) in batches.enumerated() {
                group.addTask { (request, try await send(original, shape: shape, n: batch.n, index: batch.first)) }
            }
            var collected: [(Int, CompletionResult)] = []
            for try await item in group { collected.append(item) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let choices = zip(results, batches).flatMap { result, batch in result.choices.sorted { $0.index < $1.index }.prefix(batch.n) }
        guard choices.count >= count else { throw MissingChoices(asked: count, got: choices.count) }
        let prefix = mode == .chat ? "" : SemiInstructPrompts.responseStart
        let replies = choices.prefix(count).enumerated().map { index, choice in
            GenerateResult.Reply(index: index, text: prefix + choice.text, finishReason: choice.finishReason.description)
        }
        let tokens = results.reduce(TokenCounts()) {
            $0 + TokenCounts(promptTokens: $1.usage.promptTokens, completionTokens: $1.usage.completionTokens)
        }
        let text = String(decoding: try JSONEncoder.sorted.encode(GenerateResult(replies: replies)), as: UTF8.self)
        return .done(result: text, tokens: tokens, endpoint: results.first?.endpoint)
    }
}
