import DataQuality
import Foundation
import InstructData
import Testing

@Suite struct BenchmarkSelectionTests {
    @Test func loadsNamedBenchmarksAndAnyProblemsFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let extra = folder.appendingPathComponent("leaderboard.jsonl")
        try Fixtures.writeJSONL([
            ["question": "Return the sum of the squares of the odd numbers in a list, ignoring negative numbers.",
             "answer": "def f(xs):\n    return sum(x * x for x in xs if x > 0 and x % 2)\n"],
            ["id": "custom-7", "problem": "Reverse the words of a sentence but keep the punctuation where it was."],
        ], to: extra)
        let benchmarks = try BenchmarkSelection(list: "humaneval, mbpp,\(extra.path)",
                                                humanEvalPath: try Fixtures.humanEvalPath(), mbppPath: Fixtures.mbppPath).load()
        #expect(benchmarks.map(\.name) == ["humaneval", "mbpp", "leaderboard"])
        #expect(benchmarks[2].problems.map(\.taskID) == ["leaderboard/0", "custom-7"])
        #expect(benchmarks[2].problems[0].parts.map(\.name) == ["question", "answer"])

        let decontaminator = Decontaminator(benchmarks: [benchmarks[2]])
        let leak = decontaminator.check([RecordText(field: "instruction",
            text: "return the SUM of the squares of the odd numbers in a list,\nignoring negative numbers.")])
        #expect(leak.first?.taskID == "leaderboard/0" && leak.first?.method == .substring)
    }

    @Test func errorsSayWhatIsMissing() throws {
        let missingMBPP = #expect(throws: BenchmarkError.self) { try BenchmarkSelection(names: ["mbpp"]).load() }
        #expect(missingMBPP?.message.contains("--mbpp FILE") == true)
        let missingFile = #expect(throws: BenchmarkError.self) { try BenchmarkSelection(names: ["/no/such/problems.jsonl"]).load() }
        #expect(missingFile?.message.contains("/no/such/problems.jsonl: no such benchmark file") == true)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.jsonl")
        try "{\"prompt\": \"ok\", \"task_id\": \"t/1\"}\n{\"unrelated\": 1}\n".write(to: bad, atomically: true, encoding: .utf8)
        let badRecord = #expect(throws: BenchmarkError.self) { try BenchmarkSelection(names: [bad.path]).load() }
        #expect(badRecord?.message.contains("bad.jsonl:2: benchmark problem has none of the fields") == true)
        if ProcessInfo.processInfo.environment["VIRTUAL_ENV"] == nil {
            let missingHumanEval = #expect(throws: BenchmarkError.self) { try BenchmarkSelection(names: ["humaneval"], searchFolders: ["/"]).load() }
            #expect(missingHumanEval?.message.contains("scripts/setup-quality.sh") == true)
        }
    }
}
