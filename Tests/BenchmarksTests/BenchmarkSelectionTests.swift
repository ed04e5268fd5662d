import Benchmarks
import Foundation
import InstructData
import Testing
import TestSupport

@Suite struct BenchmarkSelectionTests {
    @Test func loadsNamedBenchmarksAndAnyProblemsFile() throws {
        let folder = try TestPaths.temporaryDirectory("selection")
        defer { try? FileManager.default.removeItem(at: folder) }
        let extra = folder.appendingPathComponent("leaderboard.jsonl")
        let records: [JSONValue] = [
            ["question": "Return the sum of the squares of the odd numbers in a list, ignoring negative numbers.",
             "answer": "def f(xs):\n    return sum(x * x for x in xs if x > 0 and x % 2)\n"],
            ["id": "custom-7", "problem": "Reverse the words of a sentence but keep the punctuation where it was."],
        ]
        try (records.map { $0.serialized() }.joined(separator: "\n") + "\n").write(to: extra, atomically: true, encoding: .utf8)
        // humaneval and mbpp without files: the shipped data.
        let benchmarks = try BenchmarkSelection(list: "humaneval, mbpp,\(extra.path)").load()
        #expect(benchmarks.map(\.name) == ["humaneval", "mbpp", "leaderboard"])
        #expect(benchmarks.map(\.problems.count) == [164, 974, 2])
        #expect(benchmarks[1].problems.first?.taskID == "1")
        #expect(benchmarks[2].problems.map(\.taskID) == ["leaderboard/0", "custom-7"])
        #expect(benchmarks[2].problems[0].decontaminationTexts.map(\.name) == ["question", "answer"])
        #expect(benchmarks[2].problems[0].kind == nil)

        let given = try BenchmarkSelection(names: ["mbpp"], humanEvalPath: nil, mbppPath: TestPaths.mbpp.path).load()
        #expect(given.first?.source == TestPaths.mbpp.path)
    }

    @Test func errorsSayWhatIsMissing() throws {
        let missingMBPP = #expect(throws: ToolError.self) {
            try BenchmarkSelection(names: ["mbpp"], humanEvalPath: nil, mbppPath: "/no/such/mbpp.jsonl").load()
        }
        #expect(missingMBPP?.message.contains("/no/such/mbpp.jsonl: no such benchmark file") == true)
        let missingFile = #expect(throws: ToolError.self) { try BenchmarkSelection(names: ["/no/such/problems.jsonl"]).load() }
        #expect(missingFile?.message.contains("/no/such/problems.jsonl: no such benchmark file") == true)
        let folder = try TestPaths.temporaryDirectory("selection")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.jsonl")
        try "{\"prompt\": \"ok\", \"task_id\": \"t/1\"}\n{\"unrelated\": 1}\n".write(to: bad, atomically: true, encoding: .utf8)
        let badRecord = #expect(throws: ToolError.self) { try BenchmarkSelection(names: [bad.path]).load() }
        #expect(badRecord?.message.contains("bad.jsonl:2: benchmark problem has none of the fields") == true)
        let none = #expect(throws: ToolError.self) { try BenchmarkSelection(names: []).load() }
        #expect(none?.message.contains("no benchmark named") == true)
    }
}
