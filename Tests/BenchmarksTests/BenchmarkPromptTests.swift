import Testing
@testable import Benchmarks

/// The generation prompts of `eval … --model` and how replies become samples (no model).
@Suite struct BenchmarkPromptTests {
    let humanEval = BenchmarkProblem(
        kind: .humanEval, taskID: "HumanEval/2",
        prompt: "\n\ndef truncate_number(number: float) -> float:\n    \"\"\" Return the decimal part.\n    \"\"\"\n",
        entryPoint: "truncate_number", tests: "def check(candidate):\n    assert candidate(3.5) == 0.5\n",
        checkFunction: "check", referenceSolution: "")

    let mbpp = BenchmarkProblem(
        kind: .mbpp, taskID: "11", prompt: "Write a python function to remove first and last occurrence of a given character from the string.",
        entryPoint: "remove_Occ", tests: "assert remove_Occ(\"hello\",\"l\") == \"heo\"\nassert remove_Occ(\"abcda\",\"a\") == \"bcd\"\n",
        checkFunction: nil, referenceSolution: "", firstTest: "assert remove_Occ(\"hello\",\"l\") == \"heo\"")

    @Test func humanEvalShowsThePromptInAFenceAndPrefillsIt() {
        #expect(BenchmarkPrompt.instruction(for: humanEval) == """
            Write a solution to the following problem:
            ```python
            def truncate_number(number: float) -> float:
                \"\"\" Return the decimal part.
                \"\"\"
            ```
            """)
        #expect(BenchmarkPrompt.responsePrefix(for: humanEval) == "```python\n" + humanEval.prompt)
        #expect(BenchmarkKind.humanEval.sampleKind == .completion)
    }

    @Test func mbppShowsTheTextAndTheFirstAssertion() {
        #expect(BenchmarkPrompt.instruction(for: mbpp) == """
            Write a python function to remove first and last occurrence of a given character from the string.
            Your code should satisfy the following assertion:
            ```python
            assert remove_Occ("hello","l") == "heo"
            ```
            """)
        #expect(BenchmarkPrompt.responsePrefix(for: mbpp) == "```python\n")
        #expect(BenchmarkKind.mbpp.sampleKind == .solution)
    }

    /// evalplus's codegen layout; the vendored MBPP+ docstring gets its first assertion back.
    @Test func evalplusMBPPPromptIsEvalplusLayout() {
        var plus = mbpp
        plus.plus = PlusTests(baseInputs: "[]", plusInputs: "[]", baseCount: 0, plusCount: 0, tolerance: 0)
        plus.firstTest = "assert similar_elements((3, 4),(4, 5)) == (4,)"
        plus.prompt = "'''\nWrite a function to find the shared elements.\n'''"
        #expect(BenchmarkPrompt.instruction(for: plus) == "Please provide a self-contained Python script that solves the "
            + "following problem in a markdown code block:\n```\n'''\nWrite a function to find the shared elements.\n"
            + "assert similar_elements((3, 4),(4, 5)) == (4,)\n'''\n```")
        #expect(BenchmarkPrompt.responsePrefix(for: plus) == "Below is a Python script with a self-contained function that "
            + "solves the problem and passes corresponding tests:\n```python\n")
    }

    @Test func theLoaderKeepsMBPPsFirstTest() throws {
        let path = try TestFiles.write("mbpp.jsonl", """
            {"task_id": 11, "text": "Remove.", "code": "def f(s): return s", "test_list": ["assert f(1) == 1", "assert f(2) == 2"], "test_setup_code": "import math"}

            """)
        let problem = try #require(try BenchmarkLoader.load(.mbpp, path: path).problems.first)
        #expect(problem.firstTest == "assert f(1) == 1")
        #expect(problem.tests == "import math\nassert f(1) == 1\nassert f(2) == 2\n")
    }

    @Test func continuationIsCutAtTheClosingFence() {
        let body = "    return number % 1.0\n"
        #expect(BenchmarkPrompt.code(fromContinuation: body + "```\n\nThis returns the fraction.") == body)
        #expect(BenchmarkPrompt.code(fromContinuation: body + "\n\n```") == body)
        // Stopped at the fence by the server: nothing to cut, trailing blank lines dropped.
        #expect(BenchmarkPrompt.code(fromContinuation: body + "\n  \n") == body)
        // Indentation of the first line is kept: the completion continues a function body.
        #expect(BenchmarkPrompt.code(fromContinuation: "        x = 1\n    return x") == "        x = 1\n    return x\n")
        #expect(BenchmarkPrompt.code(fromContinuation: "```") == "")
        #expect(BenchmarkPrompt.code(fromContinuation: "") == "")
    }

    @Test func chatReplyGivesItsFirstPythonBlock() {
        let reply = """
            Here is a shell command first:
            ```bash
            ls
            ```
            And the solution:
            ```python
            def f(x):
                return x
            ```
            ```python
            print(f(1))
            ```
            """
        #expect(BenchmarkPrompt.code(fromChatReply: reply) == "def f(x):\n    return x\n")
        #expect(BenchmarkPrompt.code(fromChatReply: "```\ndef g():\n    pass\n```") == "def g():\n    pass\n")
        // Cut off by max_tokens inside the block: the block runs to the end.
        #expect(BenchmarkPrompt.code(fromChatReply: "Sure.\n```python\ndef h():\n    return 1") == "def h():\n    return 1\n")
        #expect(BenchmarkPrompt.code(fromChatReply: "def k(): return 2") == "def k(): return 2\n")
    }

    @Test func aContinuedHumanEvalSampleIsAProgram() {
        let sample = Sample(taskID: humanEval.taskID, code: BenchmarkPrompt.code(fromContinuation: "    return number % 1.0\n```"),
                            kind: BenchmarkKind.humanEval.sampleKind)
        #expect(humanEval.program(for: sample) == humanEval.prompt + "    return number % 1.0\n")
    }
}
