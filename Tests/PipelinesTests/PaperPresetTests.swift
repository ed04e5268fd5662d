import Foundation
import InstructData
import ModelClient
import Testing
import TestSupport
@testable import Pipelines

/// `--preset paper` is the reference implementation point by point, and each of the tool's
/// departures from it is an option that can be switched on its own.
@Suite struct PaperPresetTests {
    @Test func thePresetSetsEveryPointToTheReference() {
        let paper = InverseInstructSettings.paper
        #expect(paper.openerDraw == "candidate")
        #expect(paper.languageTag == "raw")
        #expect(paper.cleanCandidates == false)
        #expect(paper.scoreReading == "reference")
        #expect(paper.phase1Order == "ascending-score")
        #expect(paper.decontaminate.isEmpty && paper.dedup == false, "the reference cleaned its input, not its output")
        #expect(paper.topP == 1 && paper.samplingTopK == 0 && paper.minP == 0)
        #expect(paper.repetitionPenalty == 1.1 && paper.penaltyRange == .promptAndOutput)
        #expect(paper.scoreLogprobs(serverLimit: 20) == 5)
        // The tool's own choices stay the default.
        let tool = InverseInstructSettings()
        #expect(tool.openerDraw == "snippet" && tool.languageTag == "normalized" && tool.cleanCandidates)
        #expect(tool.scoreReading == "merged" && tool.phase1Order == "input")
        #expect(tool.scoreLogprobs(serverLimit: 20) == 20)
    }

    @Test func eachImprovementSwitchesOnAloneOverThePreset() throws {
        let url = try TestPaths.temporaryDirectory("paper-options").appendingPathComponent("run.yaml")
        try Data("clean_candidates: true\nscore_reading: merged\n".utf8).write(to: url)
        let settings = try InverseInstructSettings.paper.applying(configFile: url.path)
        #expect(settings.cleanCandidates && settings.scoreReading == "merged")
        #expect(settings.openerDraw == "candidate" && settings.languageTag == "raw" && settings.phase1Order == "ascending-score")
        try settings.validate()
        var wrong = InverseInstructSettings.paper
        wrong.openerDraw = "sometimes"
        #expect(throws: ToolError.self) { try wrong.validate() }
        wrong = .paper
        wrong.repetitionPenaltyRange = "-3"
        #expect(throws: ToolError.self) { try wrong.validate() }
    }

    @Test func optionsThatChangeTheCandidatesChangeTheFingerprint() {
        let paper = InverseInstructSettings.paper
        var cleaned = paper
        cleaned.cleanCandidates = true
        #expect(cleaned.generationFingerprint != paper.generationFingerprint)
        var merged = paper
        merged.scoreReading = "merged"
        #expect(merged.scoringFingerprint != paper.scoringFingerprint)
        #expect(merged.generationFingerprint == paper.generationFingerprint)
    }

    // MARK: - Openers

    func worker(_ settings: InverseInstructSettings, choicesPerRequest: Int = 16) -> SummarizeWorker {
        SummarizeWorker(model: UnusedModel(), mode: .template(.magicoder), settings: settings, choicesPerRequest: choicesPerRequest)
    }

    func payload(_ settings: InverseInstructSettings, id: String = "snippet-1") -> SummarizePayload {
        let snippet = Snippet(id: id, language: "cpp", tag: "c++", code: "int f();", instruction: "",
                              source: SourceLocation(file: "f", line: 1, index: 0), block: 0, unclosedFence: false, extra: [:])
        return InverseInstructRun.payload(for: snippet, settings: settings)
    }

    @Test func perCandidateOpenersAreGroupedIntoOneRequestPerOpener() throws {
        let settings = InverseInstructSettings.paper
        let payload = payload(settings)
        let openers = try #require(payload.openers)
        #expect(openers.count == 10)
        #expect(Set(openers).count > 1, "ten independent draws from seven openers")
        let requests = worker(settings).requests(for: payload)
        #expect(requests.count == Set(openers).count)
        for request in requests {
            #expect(request.indices.allSatisfy { openers[$0] == request.opener })
        }
        #expect(requests.flatMap(\.indices).sorted() == Array(0..<10))
        // A server with fewer slots splits a group, never mixes two openers in one request.
        let small = worker(settings, choicesPerRequest: 2).requests(for: payload)
        #expect(small.allSatisfy { request in request.n <= 2 && request.indices.allSatisfy { openers[$0] == request.opener } })
        #expect(small.flatMap(\.indices).sorted() == Array(0..<10))
        // The draws are repeatable and differ between snippets.
        #expect(self.payload(settings).openers == openers)
        #expect(self.payload(settings, id: "snippet-2").openers != openers)
    }

    @Test func perSnippetOpenerIsOneRequestAsBefore() {
        let settings = InverseInstructSettings()
        let payload = payload(settings)
        #expect(payload.openers == nil)
        let requests = worker(settings).requests(for: payload)
        #expect(requests.map(\.n) == [10])
        #expect(requests[0].opener == payload.opener)
    }

    // MARK: - Candidate text

    @Test func stripOnlyKeepsWhatTheModelWrote() throws {
        var settings = InverseInstructSettings.paper
        settings.candidates = 2
        let worker = worker(settings)
        let payload = SummarizePayload(snippetID: "s", language: "c++", code: "int f();", opener: "Write a", openers: ["Write a", "Build a"])
        let choices = [Choice(index: 0, text: " function.\nHere is the code:\n", finishReason: .stop),
                       Choice(index: 1, text: "  ", finishReason: .stop)]
        let result = CompletionResult(choices: choices, usage: TokenUsage(promptTokens: 1, completionTokens: 1), model: "m", endpoint: "e")
        guard case .done(let text, _, _) = worker.outcome(payload: payload, results: [
            (SummarizeRequest(indices: [0, 1], opener: "Write a"), result),
        ]) else {
            Issue.record("expected a result")
            return
        }
        let candidates = try JSONDecoder().decode(SummarizeResult.self, from: Data(text.utf8)).candidates
        #expect(candidates[0].instruction == "Write a c++ function.\nHere is the code:")
        // Nothing but the opener is still an instruction in the reference.
        #expect(candidates[1].instruction == "Build a c++")
        #expect(candidates[1].opener == "Build a c++")
    }
}

/// The reference's Yes/No reading (`score_reading: reference`).
@Suite struct ReferenceScoreReadingTests {
    func score(_ top: [(String, Double)]) -> LMScore {
        LMScore(referenceReadingOf: top.map { (token: $0.0, logprob: $0.1) })
    }

    @Test func neitherWordAmongTheTopFiveIsOneHalf() {
        let reading = score([("The", -0.1), ("This", -2), ("Here", -3), ("It", -4), ("A", -5)])
        #expect(reading.score == 0.5)
        #expect(reading.reason == nil)
        // A Yes in sixth place is not read.
        #expect(score([("The", -0.1), ("This", -2), ("Here", -3), ("It", -4), ("A", -5), ("Yes", -6)]).score == 0.5)
    }

    @Test func aMissingWordIsMinusOneHundred() throws {
        let onlyYes = try #require(score([("Yes", -0.5), ("The", -1)]).score)
        #expect(abs(onlyYes - 1 / (1 + exp(-100 + 0.5))) < 1e-15)
        let onlyNo = try #require(score([("No", -0.5)]).score)
        #expect(onlyNo < 1e-40)
    }

    @Test func oneTokenEachNoMerging() throws {
        // The merged reading would sum Yes + " Yes" + "yes"; the reference reads the one token.
        let value = try #require(score([("Yes", log(0.3)), (" Yes", log(0.2)), ("yes", log(0.1)), ("No", log(0.3))]).score)
        #expect(abs(value - 0.5) < 1e-12)
        // A tokenizer that marks word starts: its marked spelling is the token.
        let marked = try #require(score([("▁Yes", log(0.6)), ("▁No", log(0.2))]).score)
        #expect(abs(marked - 0.75) < 1e-12)
    }

    @Test func asStandsInForAMissingNo() throws {
        let value = try #require(score([("Yes", log(0.2)), ("As", log(0.6)), ("The", log(0.1))]).score)
        #expect(abs(value - 0.25) < 1e-12)
        // No wins over As when both are there.
        let both = try #require(score([("Yes", log(0.2)), ("As", log(0.6)), ("No", log(0.2))]).score)
        #expect(abs(both - 0.5) < 1e-12)
    }
}
