import Foundation
import InstructData

/// What the verify stage found for one instruction of one snippet: whether the code the model
/// wrote from the instruction alone behaves like the snippet on the same inputs.
public struct Verification: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        /// The new code agreed with the snippet on every compared input.
        case verified
        /// The new code disagreed, failed, or was no runnable code at all.
        case contradicted
        /// Nothing to compare: the snippet is not callable Python, it failed on every input,
        /// or no test inputs could be read.
        case notCheckable = "not_checkable"
    }

    /// One input both codes ran on, with what each gave.
    public struct Evidence: Sendable, Hashable, Codable {
        public var input: String
        /// The snippet's output.
        public var original: String
        /// The new code's output, or its error.
        public var new: String
        public var agree: Bool
    }

    public var verdict: Verdict
    /// A short, countable reason ("disagreement", "uncallable snippet", ...); nil when verified.
    public var reason: String?
    public var detail: String?
    /// Where the test inputs came from: `original pair` (its asserts) or `model`.
    public var testsFrom: String?
    /// The test inputs as the model wrote them (carried to the next candidate of the snippet).
    public var modelTests: String?
    /// The code the model wrote from the instruction.
    public var code: String?
    public var evidence: [Evidence] = []
    /// Inputs the snippet itself failed on, left out of the comparison.
    public var discarded = 0
    /// A model reply that could not be used, kept whole.
    public var reply: String?

    public init(verdict: Verdict, reason: String? = nil, detail: String? = nil) {
        self.verdict = verdict
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case verdict, reason, detail, code, evidence, discarded, reply
        case testsFrom = "tests_from"
        case modelTests = "model_tests"
    }

    /// Semi-Instruct's verdict on the same comparison, in the verify stage's terms: what the
    /// snippet or the inputs left undecided is not checkable; everything the new code did
    /// wrong (no code, code that does not parse, fails or disagrees) contradicts.
    public init(_ pair: PairVerdict) {
        switch pair.outcome {
        case .kept:
            verdict = .verified
        case .originalFailed:
            verdict = .notCheckable
        case .parseFailure:
            verdict = pair.reason == PairValidator.Reason.unreadableTests ? .notCheckable : .contradicted
        case .rejected:
            let undecided = [PairValidator.Reason.tooFewUsableInputs, PairValidator.Reason.originalReturnsNone]
            verdict = undecided.contains(pair.reason ?? "") ? .notCheckable : .contradicted
        }
        reason = pair.reason
        detail = pair.detail
        code = pair.function
        discarded = pair.discarded
        evidence = pair.tests.map { Evidence(input: $0.input, original: $0.output, new: $0.output, agree: true) }
            + pair.failures.map { Evidence(input: $0.input, original: $0.expected, new: $0.got, agree: false) }
    }

    /// The form kept in a pair's provenance and in `selection.jsonl`.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["verdict": .string(verdict.rawValue)]
        if let reason { object["reason"] = .string(reason) }
        if let detail { object["detail"] = .string(detail) }
        if let testsFrom { object["tests_from"] = .string(testsFrom) }
        if let code { object["code"] = .string(code) }
        if let reply { object["reply"] = .string(reply) }
        if discarded > 0 { object["discarded"] = .int(discarded) }
        object["evidence"] = .array(evidence.map {
            ["input": .string($0.input), "original": .string($0.original), "new": .string($0.new), "agree": .bool($0.agree)]
        })
        return .object(object)
    }
}

/// What a verify unit needs: the instruction, and test inputs an earlier candidate of the same
/// snippet already got from the model (so a re-selected candidate is checked on the same ones).
public struct VerifyPayload: Sendable, Hashable, Codable {
    public var snippetID: String
    /// The candidate's index; nil for the original pair's instruction.
    public var index: Int?
    public var instruction: String
    public var modelTests: String?

    enum CodingKeys: String, CodingKey {
        case index, instruction
        case snippetID = "snippet_id"
        case modelTests = "model_tests"
    }
}
