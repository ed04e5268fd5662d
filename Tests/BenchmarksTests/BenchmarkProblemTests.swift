import Testing
@testable import Benchmarks
import InstructData

@Suite struct BenchmarkProblemTests {
    @Test func docstringIsTheFirstTripleQuotedText() {
        let prompt = "def f(x):\n    \"\"\" Return x doubled.\n    >>> f(2)\n    4\n    \"\"\"\n"
        #expect(BenchmarkProblem.docstring(in: prompt) == "Return x doubled.\n    >>> f(2)\n    4")
        #expect(BenchmarkProblem.docstring(in: "def g(): pass") == nil)
    }

    @Test func aPlainProblemHasOnlyTexts() {
        let problem = BenchmarkProblem(taskID: "tiny/1", texts: [
            .init(name: "question", text: "Add two numbers."), .init(name: "answer", text: "def add(a, b): return a + b"),
        ])
        #expect(problem.kind == nil && problem.prompt == "Add two numbers.")
        #expect(problem.referenceSolution == "def add(a, b): return a + b")
        #expect(problem.decontaminationTexts.map(\.isSolution) == [false, true])
    }

    @Test func aDuplicateTaskIsAnError() throws {
        let path = try TestFiles.write("twice.jsonl", """
            {"task_id": 11, "text": "A.", "code": "x", "test_list": ["assert f(1) == 1"]}
            {"task_id": "Mbpp/11", "text": "B.", "code": "y", "test_list": ["assert f(2) == 2"]}

            """)
        let error = #expect(throws: ToolError.self) { try BenchmarkLoader.load(.mbpp, path: path) }
        #expect(error?.message.hasSuffix(":2: task 11 appears twice") == true)
    }
}
