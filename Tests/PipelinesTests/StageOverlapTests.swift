import Foundation
import ModelClient
import Testing
@testable import Pipelines

/// When score runs alongside summarize, and when after it.
@Suite struct StageOverlapTests {
    @Test func llamaCppWithSeveralChoicesPerRequestRunsTheStagesOneAfterTheOther() {
        // llama.cpp starts an n > 1 request only when that many slots are idle at once, so
        // single-slot score requests alongside would starve the summaries.
        #expect(!InverseInstructRun.overlapsStages(server: .llamaCpp, choicesPerRequest: 4))
    }

    @Test func otherwiseTheStagesOverlap() {
        #expect(InverseInstructRun.overlapsStages(server: .llamaCpp, choicesPerRequest: 1))
        for server in [ServerKind.vllm, .sglang, .openAI] {
            #expect(InverseInstructRun.overlapsStages(server: server, choicesPerRequest: 10))
        }
        // No capabilities known (e.g. a test double): overlap, as before.
        #expect(InverseInstructRun.overlapsStages(server: nil, choicesPerRequest: 4))
    }
}

/// K candidates from requests of at most `choicesPerRequest` choices each, with identities
/// from the request's first index plus the choice's index.
@Suite struct SummarizeRequestSplitTests {
    func worker(candidates: Int, choicesPerRequest: Int) -> SummarizeWorker {
        var settings = InverseInstructSettings()
        settings.candidates = candidates
        return SummarizeWorker(model: UnusedModel(), mode: .template(.chatml), settings: settings,
                               choicesPerRequest: choicesPerRequest)
    }

    @Test func kIsSplitIntoRequestsTheServerAccepts() {
        // The paper's K = 10 on an engine with 4 slots (llama.cpp refuses n above its slots).
        #expect(worker(candidates: 10, choicesPerRequest: 4).requests.map { [$0.first, $0.n] } == [[0, 4], [4, 4], [8, 2]])
        #expect(worker(candidates: 4, choicesPerRequest: 4).requests.map { [$0.first, $0.n] } == [[0, 4]])
        #expect(worker(candidates: 3, choicesPerRequest: 16).requests.map { [$0.first, $0.n] } == [[0, 3]])
        #expect(worker(candidates: 3, choicesPerRequest: 1).requests.map { [$0.first, $0.n] } == [[0, 1], [1, 1], [2, 1]])
    }

    @Test func eachChoiceKeepsItsOwnIdentityWhateverTheOrderOfReplies() throws {
        let worker = worker(candidates: 10, choicesPerRequest: 4)
        func reply(first: Int, n: Int) -> (request: SummarizeRequest, result: CompletionResult) {
            // Choices listed out of order, as a server may.
            let choices = (0..<n).reversed().map { Choice(index: $0, text: " function number \(first + $0)", finishReason: .stop) }
            return (SummarizeRequest(indices: Array(first..<(first + n)), opener: "Write a"), CompletionResult(choices: choices, usage: TokenUsage(promptTokens: 5, completionTokens: n),
                                            model: "m", endpoint: "e"))
        }
        let payload = SummarizePayload(snippetID: "s", language: "python", code: "def f():\n    pass", opener: "Write a")
        guard case .done(let text, let tokens, _) = worker.outcome(payload: payload, results: [
            reply(first: 8, n: 2), reply(first: 0, n: 4), reply(first: 4, n: 4),
        ]) else {
            Issue.record("expected a result")
            return
        }
        let result = try JSONDecoder().decode(SummarizeResult.self, from: Data(text.utf8))
        #expect(result.candidates.map(\.index) == Array(0..<10))
        #expect(result.candidates.map(\.raw) == (0..<10).map { " function number \($0)" })
        #expect(tokens.promptTokens == 15 && tokens.completionTokens == 10)
    }
}
