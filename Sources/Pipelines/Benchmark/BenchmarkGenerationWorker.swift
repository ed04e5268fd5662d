import Benchmarks
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

/// Asks the model for a unit's samples: requests with `n` up to `choicesPerRequest` (1 where
/// the server ignores `n`; llama.cpp allows at most its slot count), in parallel.
struct BenchmarkGenerationWorker: Sendable {
    var model: any LanguageModel
    var mode: PromptMode
    var settings: BenchmarkGenerationSettings
    var choicesPerRequest: Int

    struct MissingChoices: Error, CustomStringConvertible {
        var asked: Int
        var got: Int
        var description: String { "the server returned \(got) of \(asked) choices" }
    }

    func sampling(n: Int, task: any GenerationTask) -> SamplingParameters {
        // A chat reply opens its own fence, so only a pre-filled response stops at a fence.
        var stop: [String] = []
        if case .template(let template) = mode { stop = [BenchmarkPrompt.stop] + task.generationStops + template.stop }
        return SamplingParameters(n: n, temperature: settings.temperature, maxTokens: settings.maxTokens, stop: stop)
    }

    /// The raw prompt (template mode): the instruction, then the pre-filled response start.
    static func prompt(for problem: any GenerationTask, template: PromptTemplate) -> String {
        template.render(instruction: problem.generationInstruction, responsePrefix: problem.generationResponsePrefix)
    }

    func send(_ problem: any GenerationTask, n: Int) async throws -> CompletionResult {
        switch mode {
        case .template(let template):
            return try await model.complete(CompletionRequest(prompt: Self.prompt(for: problem, template: template),
                                                              sampling: sampling(n: n, task: problem)))
        case .chat:
            return try await model.chat(ChatRequest(messages: [.user(problem.generationInstruction)],
                                                    sampling: sampling(n: n, task: problem)))
        }
    }

    func run(_ payload: BenchmarkGenerationPayload, problem: any GenerationTask) async throws -> UnitOutcome {
        let requestSizes = choiceBatches(count: payload.count, per: choicesPerRequest).map(\.n)
        let results: [CompletionResult]
        if requestSizes.count == 1 {
            results = [try await send(problem, n: payload.count)]
        } else {
            results = try await withThrowingTaskGroup(of: (Int, CompletionResult).self) { group in
                for (index, n) in requestSizes.enumerated() {
                    group.addTask { (index, try await send(problem, n: n)) }
                }
                var collected: [(Int, CompletionResult)] = []
                for try await item in group { collected.append(item) }
                return collected.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        // Choices of one request in their `index` order, requests in order.
        let choices = zip(results, requestSizes).flatMap { result, n in
            result.choices.sorted { $0.index < $1.index }.prefix(n)
        }
        guard choices.count >= payload.count else { throw MissingChoices(asked: payload.count, got: choices.count) }
        let used = Array(choices.prefix(payload.count))
        let codes = used.map {
            mode == .chat ? problem.sampleCode(fromChatReply: $0.text) : problem.sampleCode(fromContinuation: $0.text)
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
