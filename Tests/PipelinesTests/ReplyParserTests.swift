import Foundation
import InstructData
import Testing
@testable import Pipelines

@Suite struct ReplyParserTests {
    @Test func headedSectionsInVariedDress() throws {
        let reply = """
            **Instruction:** Return the largest item of a list.

            ## FUNCTION
            ```python
            def largest(items):
                return max(items)
            ```

            # Test inputs
            ```
            [[[1, 2]], [[3]]]
            ```
            """
        let parsed = try ReplyParser.parse(reply).get()
        #expect(parsed.instruction == "Return the largest item of a list.")
        #expect(parsed.function == "def largest(items):\n    return max(items)")
        #expect(parsed.tests == "[[[1, 2]], [[3]]]")
    }

    @Test func aJSONObjectReply() throws {
        let reply = #"{"instruction": "Add two numbers.", "function": "def add(a, b):\n    return a + b", "tests": [[1, 2], [3, 4]]}"#
        let parsed = try ReplyParser.parse(reply).get()
        #expect(parsed.instruction == "Add two numbers.")
        #expect(parsed.function.hasPrefix("def add"))
        #expect(parsed.tests == "[[1,2],[3,4]]")
    }

    @Test func aRepeatedSectionKeepsTheFirstAndHeadersInsideCodeAreCode() throws {
        let reply = """
            ### Instruction
            Echo.
            ### Function
            ```python
            # Tests:
            def echo(x):
                return x
            ```
            ### Function
            ```python
            def other(): pass
            ```
            ### Tests
            [[1], [2]]
            """
        let parsed = try ReplyParser.parse(reply).get()
        #expect(parsed.function == "# Tests:\ndef echo(x):\n    return x")
        #expect(parsed.tests == "[[1], [2]]")
    }

    @Test func failuresSayWhatIsMissing() {
        #expect(throws: ReplyParseFailure(reason: "no test inputs section")) {
            try ReplyParser.parse("### Instruction\nX\n### Function\n```python\ndef f(): pass\n```\n").get()
        }
        #expect(throws: ReplyParseFailure(reason: "no instruction section")) { try ReplyParser.parse("nothing here").get() }
    }

    @Test func pythonLiteralAndCallStyleTestsAreRead() async throws {
        let analyzer = try CodeAnalyzer()
        let shape = try await analyzer.analyze("def f(a, b=1):\n    return a\n").get()
        #expect(shape.entryPoint == "f")
        #expect(shape.minArguments == 1 && shape.maxArguments == 2)
        let literal = try await analyzer.testInputs("[(1, (2, 3)), (None, {'k': 1.5})]", for: shape, limit: 10).get()
        #expect(literal.map(\.text) == ["1, (2, 3)", "None, {'k': 1.5}"])
        let three = try await analyzer.analyze("def h(a, b, c):\n    return a\n").get()
        let objects = try await analyzer.testInputs(#"[{"input": [[1, 2, 3]], "expected": 1}, {"x": 4, "y": 5, "z": 6, "expected": 4}]"#,
                                                    for: three, limit: 10).get()
        #expect(objects.map(\.text) == ["1, 2, 3", "4, 5, 6"], "objects with expected outputs, and arguments wrapped once more")
        let calls = try await analyzer.testInputs("f(1)\nassert f(2, 3) == 2\nprint(f('x'))", for: shape, limit: 10).get()
        #expect(calls.map(\.text) == ["1", "2, 3", "'x'"])
        // One-argument functions take bare items as the argument itself; the other reading of
        // an ambiguous item comes after (the original decides which inputs it takes).
        let single = try await analyzer.analyze("def g(xs):\n    return xs\n").get()
        #expect(try await analyzer.testInputs("[[1, 2], [], [3]]", for: single, limit: 10).get().map(\.text)
                == ["[1, 2]", "[]", "[3]", "1", "2", "3"])
        #expect(try await analyzer.testInputs("[[[1, 2]], [[]]]", for: single, limit: 10).get().map(\.text) == ["[1, 2]", "[]"])
    }

    @Test func shapesOfOriginals() async throws {
        let analyzer = try CodeAnalyzer()
        let helperAndEntry = try await analyzer.analyze("def helper(x):\n    return x\n\ndef main_fn(y):\n    return helper(y)\n\ndef other(z):\n    return main_fn(z)\n").get()
        #expect(helperAndEntry.kind == .function)
        #expect(helperAndEntry.entryPoint == "other", "the last top-level def no other def calls")
        #expect(try await analyzer.analyze("import sys\nfor line in sys.stdin:\n    print(line)\n").get().kind == .program)
        #expect(try await analyzer.analyze("print(sum(range(10)))\n").get().kind == .program)
        if case .success = try await analyzer.analyze("import os\n") { Issue.record("nothing to run is unsupported") }
        if case .success = try await analyzer.analyze("def f(:\n") { Issue.record("a syntax error is unsupported") }
    }
}
