import Evaluation
import Foundation
import ModelClient
import RunStore

/// One generation unit's input: a task and how many samples to draw for it.
struct BenchmarkGenerationPayload: Codable, Sendable {
    var taskID: String
    var batch: Int
    var count: Int

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case batch, count
    }
}

/// One generation unit's output: per sample, the code and what the model wrote.
struct BenchmarkGenerationResult: Codable, Sendable {
    var codes: [String]
    var raw: [String]
    var finishReasons: [String]

    enum CodingKeys: String, CodingKey {
        case codes, raw
        case finishReasons = "finish_reasons"
    }
}

/// Asks the model for a unit's samples: one request with `n` where the server returns several
/// choices, else `count` requests.
struct BenchmarkGenerationWorker: Sendable {
    var model: any LanguageModel
    var mode: PromptMode
    var settings: BenchmarkGenerationSettings
    var multipleChoices: Bool

    struct MissingChoices: Error, CustomStringConvertible {
        var asked: Int
        var got: Int
        var description: String { "the server returned \(got) of \(asked) choices" }
    }

    func sampling(n: Int) -> SamplingParameters {
        var stop = [BenchmarkPrompt.stop]
        if case .template(let template) = mode { stop += template.stop }
        return SamplingParameters(n: n, temperature: settings.temperature, maxTokens: settings.maxTokens, stop: stop)
    }

    /// The raw prompt (template mode): the instruction, then the pre-filled response start.
    static func prompt(for problem: BenchmarkProblem, template: PromptTemplate) -> String {
        template.render(instruction: BenchmarkPrompt.instruction(for: problem),
                        responsePrefix: BenchmarkPrompt.responsePrefix(for: problem))
    }

    func send(_ problem: BenchmarkProblem, n: Int) async throws -> CompletionResult {
        switch mode {
        case .template(let template):
            return try await model.complete(CompletionRequest(prompt: Self.prompt(for: problem, template: template),
                                                              sampling: sampling(n: n)))
        case .chat:
            return try await model.chat(ChatRequest(messages: [.user(BenchmarkPrompt.instruction(for: problem))],
                                                    sampling: sampling(n: n)))
        }
    }

    func run(_ payload: BenchmarkGenerationPayload, problem: BenchmarkProblem) async throws -> UnitOutcome {
        var results: [CompletionResult]
        if multipleChoices || payload.count == 1 {
            results = [try await send(problem, n: payload.count)]
        } else {
            results = try await withThrowingTaskGroup(of: (Int, CompletionResult).self) { group in
                for index in 0..<payload.count {
                    group.addTask { (index, try await send(problem, n: 1)) }
                }
                var collected: [(Int, CompletionResult)] = []
                for try await item in group { collected.append(item) }
                return collected.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        let choices = results.count == 1 ? results[0].choices.sorted { $0.index < $1.index } : results.compactMap(\.choices.first)
        guard choices.count >= payload.count else { throw MissingChoices(asked: payload.count, got: choices.count) }
        let used = Array(choices.prefix(payload.count))
        let codes = used.map {
            mode == .chat ? BenchmarkPrompt.code(fromChatReply: $0.text) : BenchmarkPrompt.code(fromContinuation: $0.text)
        }
        let result = BenchmarkGenerationResult(codes: codes, raw: used.map(\.text),
                                               finishReasons: used.map(\.finishReason.description))
        let tokens = results.reduce(TokenCounts()) {
            $0 + TokenCounts(promptTokens: $1.usage.promptTokens, completionTokens: $1.usage.completionTokens)
        }
        let text = String(decoding: try JSONEncoder.sorted.encode(result), as: UTF8.self)
        return .done(result: text, tokens: tokens, endpoint: results.first?.endpoint)
    }
}
