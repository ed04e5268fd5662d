import Foundation
import InstructData
import Sandbox
import Testing
import TestSupport
@testable import Pipelines

/// Validation and ranking with hand-written replies (no model): the real analyzer and the
/// real sandbox decide.
@Suite(.serialized) struct SemiInstructValidationTests {
    static func pool(timeout: Double = 2) throws -> SandboxPool {
        do {
            return try SandboxPool(configuration: SandboxConfiguration(workers: 2, timeout: timeout))
        } catch SandboxError.bubblewrapMissing {
            Issue.record("bubblewrap is missing: run scripts/setup.sh")
            throw SandboxError.bubblewrapMissing
        }
    }

    static func reply(instruction: String = "Do the thing.", function: String, tests: String) -> String {
        "### Instruction\n\(instruction)\n\n### Function\n```python\n\(function)\n```\n\n### Tests\n```json\n\(tests)\n```\n"
    }

    /// Analyzes `code` as the pipeline does and validates one reply against it.
    func verdict(original code: String, reply: String, timeout: Double = 2, rules: ValidationRules = ValidationRules()) async throws -> PairVerdict {
        let analyzer = try CodeAnalyzer()
        let pool = try Self.pool(timeout: timeout)
        var original = NaturalCode(code: code, origin: .init(file: "test", line: 1, index: 0))
        switch try await analyzer.analyze(code) {
        case .success(let shape): original.shape = shape
        case .failure(let error): original.unsupported = error.description
        }
        let validator = PairValidator(execution: CodeExecution(pool: pool, timeout: timeout), analyzer: analyzer, rules: rules)
        let result = try await validator.validate(original: original, sample: 0, reply: reply)
        await pool.shutdown()
        return result
    }

    @Test func aCorrectConversionIsKeptWithItsTests() async throws {
        let original = "def f(a,b):\n  r=[]\n  for x in a:\n    if x in b: r.append(x)\n  return r\n"
        let function = """
            def common_items(first, second):
                \"\"\"Items of first that are also in second, in order.\"\"\"
                return [item for item in first if item in second]
            """
        let result = try await verdict(original: original, reply: Self.reply(
            function: function, tests: "[[[1, 2, 3], [2, 3]], [[], [1]], [[1, 1], [1]], [[\"a\", \"b\"], [\"b\"]]]"))
        #expect(result.outcome == .kept, "\(result)")
        #expect(result.entryPoint == "common_items")
        #expect(result.passed == 4)
        #expect(result.tests.map(\.output) == ["[2, 3]", "[]", "[1, 1]", "['b']"])
        #expect(result.tests.first?.input == "[1, 2, 3], [2, 3]")
    }

    @Test func aSubtlyWrongConversionIsRejectedNamingTheInput() async throws {
        let original = "def total(n):\n    return sum(range(n + 1))\n"
        let wrong = "def total_up_to(n):\n    return sum(range(n))\n"
        let result = try await verdict(original: original, reply: Self.reply(function: wrong, tests: "[[0], [1], [5], [10]]"))
        #expect(result.outcome == .rejected)
        #expect(result.reason == "disagreement")
        #expect(result.passed == 1)  // only n = 0 agrees
        let failure = try #require(result.failures.first)
        #expect(failure.input == "1")
        #expect(failure.expected == "1")
        #expect(failure.got == "0")
        #expect(result.detail?.contains("input 1: expected 1, got 0") == true, "\(result.detail ?? "")")
    }

    @Test func generatedCodeThatHangsIsContainedAndRejected() async throws {
        let original = "def double(x):\n    return 2 * x\n"
        let hangs = "def double(x):\n    while True:\n        pass\n"
        let started = ContinuousClock.now
        let result = try await verdict(original: original, reply: Self.reply(function: hangs, tests: "[[1], [2], [3], [4]]"),
                                       timeout: 1)
        #expect(result.outcome == .rejected)
        #expect(result.reason == "generated code timed out")
        #expect(result.failures.first?.status == .timeout)
        // Contained: after the first hang the pair cannot reach 100%, so the rest is not run.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aFunctionWithAStdinDriverIsStillCalledAsAFunction() async throws {
        let original = "def double(x):\n    return 2 * x\n"
        let function = "def twice(x):\n    return x + x\n\nif __name__ == \"__main__\":\n    print(twice(int(input())))"
        let result = try await verdict(original: original, reply: Self.reply(function: function, tests: "[[1], [2], [3]]"))
        #expect(result.outcome == .kept, "\(result)")
        #expect(result.entryPoint == "twice")
    }

    @Test func importsAndHelpersTheModelLeftOutComeFromTheOriginal() async throws {
        let original = "import re\n\ndef clean(s):\n    return re.sub(r'\\s+', ' ', s).strip()\n\ndef shout(s):\n    return clean(s).upper()\n"
        let function = "def loud(text):\n    return clean(text).upper()"
        let result = try await verdict(original: original, reply: Self.reply(function: function, tests: #"[["a  b"], [" x "], ["q"]]"#))
        #expect(result.outcome == .kept, "\(result)")
        #expect(result.function?.hasPrefix("import re\ndef clean(s):") == true, "\(result.function ?? "")")
        #expect(result.function?.hasSuffix(function) == true)
    }

    @Test func anUnparsableReplyIsRecordedWithTheReplyKept() async throws {
        let reply = "I am sorry, I cannot help with that."
        let result = try await verdict(original: "def f(x):\n    return x\n", reply: reply)
        #expect(result.outcome == .parseFailure)
        #expect(result.reason == "unparsable reply")
        #expect(result.reply == reply)
    }

    @Test func inputsTheOriginalCrashesOnAreDiscardedNotCounted() async throws {
        let original = "def inverse(x):\n    return 1 / x\n"
        let function = "def reciprocal(x):\n    return 1.0 / x\n"
        let result = try await verdict(original: original, reply: Self.reply(function: function, tests: "[[0], [1], [2], [4]]"))
        #expect(result.outcome == .kept, "\(result)")
        #expect(result.discarded == 1)
        #expect(result.compared == 3)
        #expect(result.tests.map(\.input) == ["1", "2", "4"])
    }

    @Test func anOriginalThatFailsOnEveryInputIsNotHeldAgainstThePair() async throws {
        let original = "def broken(x):\n    raise ValueError('no')\n"
        let result = try await verdict(original: original, reply: Self.reply(function: "def g(x):\n    return x\n", tests: "[[1], [2], [3]]"))
        #expect(result.outcome == .originalFailed)
        #expect(result.detail?.contains("ValueError") == true)
    }

    @Test func tooFewUsableInputsAreRejected() async throws {
        let result = try await verdict(original: "def ident(x):\n    return x\n",
                                       reply: Self.reply(function: "def same(x):\n    return x\n", tests: "[[1], [2]]"))
        #expect(result.outcome == .rejected)
        #expect(result.reason == "too few usable inputs")
    }

    @Test func aStdinProgramIsValidatedAsAProgram() async throws {
        let original = "n = int(input())\nvalues = list(map(int, input().split()))\nprint(sum(values) * n)\n"
        let function = """
            def scaled_sum(n, values):
                return sum(values) * n


            if __name__ == "__main__":
                n = int(input())
                values = list(map(int, input().split()))
                print(scaled_sum(n, values))
            """
        let good = try await verdict(original: original, reply: Self.reply(
            function: function, tests: #"["2\n1 2 3\n", "0\n5\n", "3\n-1 1\n", "oops\n"]"#))
        #expect(good.outcome == .kept, "\(good)")
        #expect(good.discarded == 1, "the original fails on 'oops'")
        #expect(good.tests.map(\.output) == ["12\n", "0\n", "0\n"])

        let wrong = function.replacingOccurrences(of: "sum(values) * n", with: "sum(values) + n")
        let bad = try await verdict(original: original, reply: Self.reply(function: wrong, tests: #"["2\n1 2 3\n", "1\n1\n", "3\n4 5\n"]"#))
        #expect(bad.outcome == .rejected)
        #expect(bad.reason == "disagreement")
    }

    @Test func rankingByTestsPassedBothWays() {
        func entry(_ index: Int, passed: Int, sample: Int = 0) -> PairRanking.Entry {
            var verdict = PairVerdict(originID: "o\(index)", sample: sample, outcome: .kept)
            verdict.tests = (0..<passed).map { VerifiedTest(input: "\($0)", arguments: nil, output: "\($0)", value: nil) }
            return PairRanking.Entry(verdict: verdict, original: NaturalCode(code: "x = \(index)", origin: .init(file: "f", line: index, index: index)))
        }
        let entries = [entry(0, passed: 5), entry(1, passed: 3), entry(2, passed: 7), entry(3, passed: 3, sample: 1), entry(3, passed: 3)]
        let ascending = PairRanking.rank(entries, ascending: true)
        #expect(ascending.map(\.verdict.passed) == [3, 3, 3, 5, 7])
        #expect(ascending.map(\.verdict.originID) == ["o1", "o3", "o3", "o0", "o2"])
        #expect(ascending.map(\.verdict.sample) == [0, 0, 1, 0, 0], "ties in input order, then sample order")
        let descending = PairRanking.rank(entries, ascending: false)
        #expect(descending.map(\.verdict.passed) == [7, 5, 3, 3, 3])
    }
}
