import Foundation
import InstructData
import Sandbox

/// What validation requires of a pair.
public struct ValidationRules: Sendable, Hashable, Codable {
    /// Share of the usable inputs the new code must agree on (1.0: all).
    public var minShare = 1.0
    /// Fewest agreeing inputs a kept pair has.
    public var minTests = 3
    /// Most test inputs read from a reply.
    public var maxTests = 10
    public var comparison = OutputComparison()
    public var stdout = StandardOutputComparison()

    public init() {}
}

/// Validation (the paper's second step): run the original on the reply's test inputs for the
/// expected outputs, dropping inputs on which the original itself fails; run the new code on
/// the rest; keep the pair when it agrees on enough of them.
public struct PairValidator: Sendable {
    public var execution: CodeExecution
    public var analyzer: CodeAnalyzer
    public var rules: ValidationRules

    public init(execution: CodeExecution, analyzer: CodeAnalyzer, rules: ValidationRules) {
        self.execution = execution
        self.analyzer = analyzer
        self.rules = rules
    }

    /// Reasons a pair gets before anything is compared, which callers tell apart.
    public enum Reason {
        public static let unreadableTests = "unreadable test inputs"
        public static let tooFewUsableInputs = "too few usable inputs"
        public static let originalReturnsNone = "original returns None on every input"
    }

    /// A generation reply (instruction, function and test inputs in one text), read and checked.
    public func validate(original: NaturalCode, sample: Int, reply: String) async throws -> PairVerdict {
        if original.shape == nil {
            return try await check(original: original, sample: sample, instruction: nil, code: "", tests: "")
        }
        let parsed: ParsedReply
        switch ReplyParser.parse(reply) {
        case .success(let value): parsed = value
        case .failure(let failure):
            var result = PairVerdict(originID: original.id, sample: sample, outcome: .parseFailure,
                                     reason: "unparsable reply", detail: failure.reason)
            result.reply = reply
            return result
        }
        var result = try await check(original: original, sample: sample, instruction: parsed.instruction,
                                     code: parsed.function, tests: parsed.tests)
        if result.outcome == .parseFailure { result.reply = reply }
        return result
    }

    /// Everything after a reply is read: the new code completed with the original's imports and
    /// helpers, its shape, the test inputs read against the original's signature, the original
    /// run for the expected outputs, the new code run on the inputs the original took, and the
    /// comparison. Semi-Instruct's validation and Inverse-Instruct's verify stage both end here.
    public func check(original: NaturalCode, sample: Int, instruction: String?, code: String,
                      tests: String) async throws -> PairVerdict {
        func verdict(_ outcome: PairVerdict.Outcome, _ reason: String, _ detail: String? = nil) -> PairVerdict {
            PairVerdict(originID: original.id, sample: sample, outcome: outcome, reason: reason, detail: detail)
        }
        guard let shape = original.shape else {
            return verdict(.originalFailed, "unsupported original", original.unsupported)
        }
        var result = verdict(.rejected, "")
        result.instruction = instruction
        let function = try await analyzer.completing(code, from: original.code)
        result.function = function

        // The new code's own shape: a function original needs a function to call.
        let generatedShape: CodeShape
        switch try await analyzer.analyze(function) {
        case .success(let value): generatedShape = value
        case .failure(let error):
            result.outcome = .parseFailure
            result.reason = "generated code does not parse"
            result.detail = error.description
            return result
        }
        if shape.kind == .function {
            // A stdin driver beside the function is fine: a call job never runs `__main__`.
            guard let entry = generatedShape.entryPoint else {
                result.outcome = .parseFailure
                result.reason = "generated code is not a function"
                result.detail = "it defines no top-level function"
                return result
            }
            result.entryPoint = entry
        }

        let inputs: [TestInput]
        switch try await analyzer.testInputs(tests, for: shape, limit: rules.maxTests) {
        case .success(let value) where !value.isEmpty: inputs = value
        case .success: return parseFailure(result, detail: "no test inputs")
        case .failure(let error): return parseFailure(result, detail: error.description)
        }

        // Expected outputs: inputs on which the original fails are discarded, not held against the pair.
        let expected = await execution.run(original.code, shape: shape.kind, entryPoint: shape.entryPoint, inputs: inputs)
        let usable = expected.indices.filter { expected[$0].status == .ok }
        result.discarded = inputs.count - usable.count
        guard !usable.isEmpty else {
            result.outcome = .originalFailed
            result.reason = "original failed on every input"
            result.detail = expected.first.map { "input \(Self.show(inputs[0].text)): \($0.message ?? $0.status.rawValue)" }
            return result
        }
        if shape.kind == .function, usable.allSatisfy({ expected[$0].value.map(PythonValue.init(tagged:)) == PythonValue.none }) {
            result.reason = Reason.originalReturnsNone
            result.detail = "nothing to compare (it may work by side effects)"
            return result
        }
        if usable.count < rules.minTests {
            result.reason = Reason.tooFewUsableInputs
            result.detail = "the original ran on \(usable.count) of \(inputs.count) inputs; \(rules.minTests) needed"
            return result
        }

        let usableInputs = usable.map { inputs[$0] }
        let required = max(rules.minTests, Int((rules.minShare * Double(usable.count)).rounded(.up)))
        let got = await execution.run(function, shape: shape.kind, entryPoint: result.entryPoint,
                                      inputs: usableInputs, allowedFailures: usable.count - required)
        result.compared = usable.count
        var failures: [TestFailure] = []
        for (position, index) in usable.enumerated() {
            let want = expected[index]
            let have = got[position]
            if agree(want, have, shape: shape.kind) {
                result.tests.append(VerifiedTest(input: inputs[index].text, arguments: inputs[index].arguments,
                                                 output: want.text ?? "", value: want.value))
            } else if have.status != .skipped {
                failures.append(TestFailure(input: inputs[index].text, expected: want.text ?? "",
                                            got: have.status == .ok ? have.text ?? "" : "\(have.status.rawValue): \(have.message ?? "")",
                                            status: have.status))
            }
        }
        result.failures = Array(failures.prefix(3))
        let share = Double(result.passed) / Double(usable.count)
        if result.passed >= rules.minTests, share + 1e-12 >= rules.minShare {
            result.outcome = .kept
            result.reason = nil
            return result
        }
        guard let first = failures.first else {
            result.reason = "too few agreeing inputs"
            result.detail = "\(result.passed) agree; \(rules.minTests) needed"
            return result
        }
        switch first.status {
        case .timeout: result.reason = "generated code timed out"
        case .exception, .error: result.reason = "generated code failed"
        case .ok, .skipped: result.reason = "disagreement"
        }
        result.detail = "\(failures.count) of \(usable.count) inputs differ; input \(Self.show(first.input)): expected "
            + "\(Self.show(first.expected)), got \(Self.show(first.got))"
        return result
    }

    func agree(_ expected: RunOutcome, _ got: RunOutcome, shape: CodeShape.Kind) -> Bool {
        guard expected.status == .ok, got.status == .ok else { return false }
        switch shape {
        case .function:
            guard let want = expected.value, let have = got.value else { return false }
            return rules.comparison.equal(PythonValue(tagged: want), PythonValue(tagged: have))
        case .program:
            return rules.stdout.equal(expected.text ?? "", got.text ?? "")
        }
    }

    private func parseFailure(_ partial: PairVerdict, detail: String) -> PairVerdict {
        var result = partial
        result.outcome = .parseFailure
        result.reason = Reason.unreadableTests
        result.detail = detail
        return result
    }

    /// A short one-line form of an input or output for messages.
    static func show(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: "\\n")
        return line.count > 120 ? String(line.prefix(117)) + "..." : line
    }
}
