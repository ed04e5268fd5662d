import Foundation
import ModelClient
import Testing
@testable import Pipelines

/// The self-evaluation must work on the default model (Qwen2.5-Coder-0.5B-Instruct, ChatML):
/// its first-token distribution for the prompt has to contain Yes or No, or every LM-score
/// would be missing.
@Suite(.serialized) struct DefaultModelSelfEvaluationTests {
    let cases: [(instruction: String, code: String, correct: Bool)] = [
        ("Write a python function that returns the factorial of a non-negative integer n.",
         "def factorial(n):\n    result = 1\n    for i in range(2, n + 1):\n        result *= i\n    return result", true),
        ("Write a python function that checks whether a string is a palindrome.",
         "def is_palindrome(s):\n    return s == s[::-1]", true),
        ("Write a python function that returns the sum of a list of numbers.",
         "def total(xs):\n    return max(xs)", false),
        ("Create a javascript function that debounces another function.",
         "function debounce(fn, wait) {\n  let t;\n  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), wait); };\n}", true),
    ]

    @Test func firstTokenDistributionContainsYesOrNo() async throws {
        try await withLocalEngine(model: ModelRegistry.defaultModelName,
                                  options: .init(parallel: 1, contextPerSlot: 2048, threads: 1)) { engine in
            try await withEndpointPool([engine.endpoint]) { pool in
                let capabilities = try #require(pool.capabilities)
                let mode = try PromptMode.resolve("auto", modelName: capabilities.model, supportsCompletions: true)
                #expect(mode == .template(.chatml))
                let scorer = ScoreWorker(model: pool, mode: mode, settings: InverseInstructSettings(),
                                         topLogprobs: min(20, capabilities.topLogprobsLimit))
                var scores: [Bool: [Double]] = [:]
                for item in cases {
                    let snippet = SummarizePayload(snippetID: "t", language: item.code.hasPrefix("def") ? "python" : "javascript",
                                                   code: item.code, opener: "")
                    let outcome = try await scorer.run(ScorePayload(snippetID: "t", index: 0, instruction: item.instruction),
                                                       snippet: snippet)
                    guard case .done(let text, _, _) = outcome else {
                        Issue.record("scoring failed: \(outcome)")
                        continue
                    }
                    let result = try JSONDecoder().decode(ScoreResult.self, from: Data(text.utf8))
                    let score = try #require(result.score.score, "no Yes/No among \(result.top.keys.sorted())")
                    scores[item.correct, default: []].append(score)
                }
                #expect(scores.values.joined().count == cases.count)
            }
        }
    }
}
