import Foundation
import Testing
@testable import Pipelines

@Suite struct LMScoreTests {
    @Test func bothPresentHandComputed() throws {
        // P(yes) = 0.6, P(no) = 0.2 → 0.75.
        let score = LMScore(topLogprobs: ["Yes": log(0.6), "No": log(0.2), "The": log(0.1)])
        #expect(abs(try #require(score.score) - 0.75) < 1e-12)
        #expect(score.reason == nil)
    }

    @Test func variantsAreMerged() throws {
        // Yes: 0.3 + 0.2 (" Yes") + 0.1 ("YES") = 0.6; No: 0.1 + 0.1 (" no") = 0.2 → 0.75.
        let score = LMScore(topLogprobs: [
            "Yes": log(0.3), " Yes": log(0.2), "YES": log(0.1), "No": log(0.1), " no": log(0.1), "Maybe": log(0.2),
        ])
        #expect(abs(try #require(score.score) - 0.75) < 1e-12)
        #expect(abs(try #require(score.yesLogprob) - log(0.6)) < 1e-12)
        // Byte-level and SentencePiece markers for a leading space count too.
        let marked = LMScore(topLogprobs: ["ĠYes": log(0.5), "▁No": log(0.5)])
        #expect(marked.score == 0.5)
    }

    @Test func onlyOnePresent() {
        // The missing word has probability 0 (what the reference's −100 placeholder amounts to).
        #expect(LMScore(topLogprobs: ["Yes": -0.5, "Sure": -1]).score == 1)
        #expect(LMScore(topLogprobs: ["No": -0.1, "The": -3]).score == 0)
    }

    @Test func neitherPresentIsNoScoreNotOneHalf() {
        let score = LMScore(topLogprobs: ["The": -0.2, "This": -1.5, "Yesterday": -2, "Nope": -3])
        #expect(score.score == nil)
        #expect(score.reason == LMScore.noYesOrNo)
        #expect(LMScore(topLogprobs: [:]).score == nil)
    }

    @Test func stableForVeryNegativeLogprobs() throws {
        // e^-1000 underflows to 0 in doubles; the score must still be the true 1/(1+e^-2).
        let score = LMScore(topLogprobs: ["Yes": -1000, "No": -1002])
        let value = try #require(score.score)
        #expect(abs(value - 1 / (1 + exp(-2.0))) < 1e-12)
        let extreme = LMScore(topLogprobs: ["Yes": -5, "No": -800])
        #expect(try #require(extreme.score) > 0.999999)
        #expect(try #require(extreme.score) <= 1)
        let merged = try #require(LMScore.logSumExp([-1000, -1000]))
        #expect(abs(merged - (-1000 + log(2.0))) < 1e-9)
    }
}
