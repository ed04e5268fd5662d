import Benchmarks
import Foundation
import Testing
@testable import Evaluation
import Sandbox

@Suite("Reference solutions pass, wrong ones fail", .serialized)
struct ReferenceSolutionTests {
    @Test func all164HumanEvalCanonicalSolutionsPass() async throws {
        let problems = try BenchmarkLoader.load(.humanEval, path: TestData.humanEvalPath).problems
        #expect(problems.count == 164)
        let samples = problems.map { Sample(taskID: $0.taskID, code: String($0.referenceSolution.dropFirst($0.prompt.count)), kind: .completion) }
        let pool = try TestData.pool()
        let report = try await Evaluator(pool: pool).evaluate(problems: problems, samples: samples)
        await pool.shutdown()
        let failing = report.results.filter { !$0.passed }.map { "\($0.taskID): \($0.status) \($0.exception ?? "") \($0.message ?? "")" }
        #expect(failing.isEmpty, "\(failing)")
        #expect(report.passAtK[1] == 1.0)
        #expect(report.tasks == 164)
    }

    /// Upstream MBPP references that fail their own tests on CPython 3.x, and why.
    static let brokenUpstream: [String: String] = [
        "341": "set_to_tuple returns tuple(set): the order of a set of ints is not sorted ({6..11} iterates 8, 9, 10, 11, 6, 7)",
        "596": "tuple_size asserts sys.getsizeof values of an older CPython (104/88); 3.11 gives other sizes",
        "642": "remove_similar_row compares tuple(set(...)) whose element order depends on tuple hashing",
    ]

    @Test func everyMBPPReferenceSolutionPassesItsTests() async throws {
        let problems = try BenchmarkLoader.load(.mbpp, path: TestData.mbppPath).problems
        #expect(problems.count == 974)
        #expect(problems.allSatisfy { $0.tests.components(separatedBy: "assert").count - 1 >= 3 })
        let samples = problems.map { Sample(taskID: $0.taskID, code: $0.referenceSolution, kind: .solution) }
        // Task 123's reference sums divisors up to 9,999 the slow way (seconds), hence the long limit.
        let pool = try TestData.pool(timeout: 60)
        let report = try await Evaluator(pool: pool).evaluate(problems: problems, samples: samples)
        await pool.shutdown()
        let failing = Dictionary(uniqueKeysWithValues: report.results.filter { !$0.passed }.map { ($0.taskID, $0) })
        #expect(Set(failing.keys) == Set(Self.brokenUpstream.keys),
                "unexpected: \(failing.values.filter { Self.brokenUpstream[$0.taskID] == nil }.map { "\($0.taskID) \($0.status) \($0.exception ?? "") \($0.message ?? "")" })")
        for (taskID, result) in failing {
            #expect(result.status == .failed && result.exception == "AssertionError", "\(taskID): \(result.status)")
        }
    }

    @Test func obviouslyWrongHumanEvalCompletionsFail() async throws {
        let problems = try BenchmarkLoader.load(.humanEval, path: TestData.humanEvalPath).problems
        let wrongs = ["    pass\n", "    return 42\n", "    raise NotImplementedError\n", "    return (\n",
                      "    import os\n    os._exit(0)\n"]
        var samples: [Sample] = []
        for problem in problems {
            for wrong in wrongs { samples.append(Sample(taskID: problem.taskID, code: wrong, kind: .completion)) }
        }
        let pool = try TestData.pool()
        let report = try await Evaluator(pool: pool).evaluate(problems: problems, samples: samples)
        await pool.shutdown()
        let passing = report.results.filter(\.passed).map(\.taskID)
        #expect(passing.isEmpty, "\(passing)")
        #expect(report.samples == 164 * wrongs.count)
        #expect(report.passAtK[1] == 0)
        #expect(report.passAtK[5] == 0)
        #expect(report.statusCounts[.error, default: 0] >= 164 * 2)  // syntax errors and early exits
    }

    @Test func wrongMBPPSolutionsFail() async throws {
        let problems = try BenchmarkLoader.load(.mbpp, path: TestData.mbppPath).problems.filter { (11...60).contains(Int($0.taskID) ?? 0) }
        let samples = problems.flatMap { problem in
            [Sample(taskID: problem.taskID, code: "def \(problem.entryPoint ?? "f")(*args):\n    return None\n", kind: .solution),
             Sample(taskID: problem.taskID, code: problem.referenceSolution, kind: .completion)]
        }
        let pool = try TestData.pool()
        let report = try await Evaluator(pool: pool).evaluate(problems: problems, samples: samples)
        await pool.shutdown()
        for result in report.results {
            #expect(result.passed == (result.sample == 1), "\(result.taskID) sample \(result.sample)")
        }
        #expect(report.passAtK[1] == 0.5)
        #expect(report.passAtK[2] == 1.0)
    }
}
