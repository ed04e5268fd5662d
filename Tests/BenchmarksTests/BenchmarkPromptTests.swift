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

    @Test func evalplusMBPPPromptIsUnquoted() {
        var plus = mbpp
        plus.firstTest = nil
        plus.prompt = "\"\"\"\nWrite a function to find the shared elements.\nassert similar_elements((3, 4),(4, 5)) == (4,)\n\"\"\"\n"
        #expect(BenchmarkPrompt.instruction(for: plus)
            == "Write a function to find the shared elements.\nassert similar_elements((3, 4),(4, 5)) == (4,)")
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
