import Foundation
import Testing
@testable import Pipelines

@Suite struct CandidateCleanerTests {
    @Test func keepsOpenerAndCutsAtFence() {
        let verdict = CandidateCleaner.clean(
            opener: "Write a python",
            continuation: " function that returns the sum of two numbers.\n\n```python\ndef add(a, b): ...")
        #expect(verdict == .instruction("Write a python function that returns the sum of two numbers."))
    }

    @Test func dropsTrailingChatterAndPromptMarkers() {
        let verdict = CandidateCleaner.clean(
            opener: "Create a",
            continuation: " class that stores a stack of integers with push and pop.\n\nHere is the code:\n\n@@ Instruction\nmore")
        #expect(verdict == .instruction("Create a class that stores a stack of integers with push and pop."))
        let chatml = CandidateCleaner.clean(opener: "Build a", continuation: " parser for CSV lines in Swift.<|im_end|>junk")
        #expect(chatml == .instruction("Build a parser for CSV lines in Swift."))
    }

    @Test func rejectsEmptyShortAndDegenerate() {
        #expect(CandidateCleaner.clean(opener: "Write a python", continuation: "") == .rejected("empty: nothing after the opener"))
        #expect(CandidateCleaner.clean(opener: "Write a python", continuation: "\n```python\nx") == .rejected("empty: nothing after the opener"))
        if case .rejected(let reason) = CandidateCleaner.clean(opener: "", continuation: "Do it") {
            #expect(reason.hasPrefix("too short"))
        } else {
            Issue.record("a two-word instruction should be rejected")
        }
        let loop = String(repeating: "the function the function ", count: 20)
        #expect(CandidateCleaner.clean(opener: "Write a", continuation: " " + loop) == .rejected("degenerate: repeated text"))
    }
}

@Suite struct CandidateSelectionTests {
    func candidate(_ index: Int, _ score: Double?, _ text: String = "") -> ScoredCandidate {
        ScoredCandidate(snippetID: "s", index: index, instruction: text.isEmpty ? "instruction \(index)" : text, score: score,
                        reason: score == nil ? "neither Yes nor No among the top logprobs" : nil)
    }

    @Test func topOneByScore() {
        let outcome = CandidateSelection().select([candidate(0, 0.2), candidate(1, 0.9), candidate(2, 0.5), candidate(3, nil)])
        #expect(outcome == .selected([candidate(1, 0.9)]))
    }

    @Test func tiesGoToTheLowerIndexWhateverTheOrder() {
        let a = CandidateSelection().select([candidate(3, 0.8), candidate(1, 0.8), candidate(2, 0.1)])
        let b = CandidateSelection().select([candidate(1, 0.8), candidate(2, 0.1), candidate(3, 0.8)])
        #expect(a == b)
        #expect(a == .selected([candidate(1, 0.8)]))
    }

    @Test func topKAndMinimumScore() {
        let all = [candidate(0, 0.2), candidate(1, 0.9), candidate(2, 0.5)]
        #expect(CandidateSelection(topK: 2).select(all) == .selected([candidate(1, 0.9), candidate(2, 0.5)]))
        #expect(CandidateSelection(minScore: 0.95).select(all) == .none("best score 0.9 is below the minimum 0.95"))
    }

    @Test func reasonsWhenNothingQualifies() {
        #expect(CandidateSelection().select([]) == .none("no candidate instruction was generated"))
        guard case .none(let reason) = CandidateSelection().select([candidate(0, nil)]) else {
            Issue.record("unscored candidates cannot be selected")
            return
        }
        #expect(reason.contains("neither Yes nor No"))
    }
}

@Suite struct PromptTests {
    @Test func summarizationPromptShowsTheSnippetFenced() {
        let text = InverseInstructPrompts.summarization(code: "print(1)", language: "python")
        #expect(text.hasSuffix("```python\nprint(1)\n```"))
        #expect(InverseInstructPrompts.responseStart(opener: "Write a", language: "python") == "Write a python")
        #expect(InverseInstructPrompts.responseStart(opener: "Write a", language: "") == "Write a")
    }

    @Test func fenceIsLongerThanAnyBacktickRunInTheCode() {
        let fenced = InverseInstructPrompts.fenced("s = \"```\"", language: "python")
        #expect(fenced.hasPrefix("````python\n"))
        #expect(fenced.hasSuffix("\n````"))
    }

    @Test func openerDrawIsDeterministicAndCoversThePool() {
        let openers = InverseInstructPrompts.paperOpeners
        let draws = (0..<200).map { InverseInstructPrompts.opener(for: "snippet\($0)", seed: 42, openers: openers) }
        #expect(draws == (0..<200).map { InverseInstructPrompts.opener(for: "snippet\($0)", seed: 42, openers: openers) })
        #expect(Set(draws) == Set(openers))
    }

    @Test func selfEvaluationAsksForYesOrNo() {
        let text = InverseInstructPrompts.selfEvaluation(instruction: "Add two numbers.", code: "a + b", language: "python")
        #expect(text.hasPrefix("Here is a programming problem:\nAdd two numbers."))
        #expect(text.hasSuffix("Is the answer correct? Your reply should begin with Yes or No."))
    }
}
