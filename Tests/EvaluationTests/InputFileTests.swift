import Benchmarks
import Foundation
import InstructData
import Testing
@testable import Evaluation
import Sandbox

@Suite("Samples against problems, and evalplus files", .serialized)
struct InputFileTests {
    @Test func unknownTaskIsAnError() async throws {
        let problems = try BenchmarkLoader.load(.mbpp, path: TestData.mbppPath).problems
        let pool = try TestData.pool(workers: 1)
        await #expect(throws: ToolError.self) {
            try await Evaluator(pool: pool).evaluate(problems: problems, samples: [Sample(taskID: "9999", code: "", kind: .solution)])
        }
        await pool.shutdown()
    }

    @Test func resultsGoBesideTheSamples() {
        #expect(ResultsFile.defaultPath(forSamples: "out/samples.jsonl") == "out/samples_results.jsonl")
    }

    /// A HumanEval+-shaped file: the expected outputs come from the canonical solution.
    @Test func evalplusFormatChecksBaseAndPlusInputs() async throws {
        let record: JSONValue = [
            "task_id": "HumanEval/900",
            "prompt": "def halve(x):\n    \"\"\"Half of x.\"\"\"\n",
            "canonical_solution": "    return x / 2\n",
            "entry_point": "halve",
            "test": "def check(candidate):\n    assert candidate(2) == 1\n",
            "base_input": [[2], [4]],
            "plus_input": [[3], [1e300], [-7]],
            "atol": 0,
        ]
        let path = try TestData.temporaryFile("HumanEvalPlus.jsonl", record.serialized() + "\n")
        let problems = try BenchmarkLoader.load(.humanEval, path: path).problems
        #expect(problems.first?.plus?.baseCount == 2)
        #expect(problems.first?.plus?.plusCount == 3)
        let samples = [
            Sample(taskID: "HumanEval/900", code: "    return x / 2\n", kind: .completion),
            Sample(taskID: "HumanEval/900", code: "    return x - 1\n", kind: .completion),  // wrong on the second base input
            Sample(taskID: "HumanEval/900", code: "    return (x / 2) * (1 + 1e-12)\n", kind: .completion),  // within tolerance
            Sample(taskID: "HumanEval/900", code: "    return 1.0 if x == 2 else 2.0 if x == 4 else 0\n", kind: .completion),
            Sample(taskID: "HumanEval/900", code: "def halve(x):\n    return x * 0.5\n", kind: .solution),
        ]
        let pool = try TestData.pool(workers: 1)
        let report = try await Evaluator(pool: pool).evaluate(problems: problems, samples: samples)
        await pool.shutdown()
        let verdicts = report.results.map { [$0.basePassed, $0.plusPassed] }
        #expect(verdicts[0] == [true, true])
        #expect(verdicts[1] == [false, false])
        #expect(verdicts[2] == [true, true])
        #expect(verdicts[3] == [true, false])  // right on base inputs only
        #expect(verdicts[4] == [true, true])
        #expect(report.passAtK[1] == 0.8)
        #expect(report.plusPassAtK?[1] == 0.6)
    }
}
