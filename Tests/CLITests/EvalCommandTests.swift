import Foundation
import Testing
import TestSupport

/// `eval humaneval` / `eval mbpp` as a user runs them: the real binary, real sandbox, real files.
@Suite struct EvalCommandTests {
    let tool = TestPaths.product("inverse-instruct")

    private func write(_ lines: [[String: Any]], to url: URL) throws {
        let text = try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func humanEvalJSONSummaryAndResultsFile() async throws {
        let directory = try TestPaths.temporaryDirectory("eval")
        let samples = directory.appendingPathComponent("samples.jsonl")
        // HumanEval/0 and /1: two right and one wrong each; HumanEval/0 also a solution-format sample.
        let right0 = "    for i, a in enumerate(numbers):\n        for j, b in enumerate(numbers):\n            if i != j and abs(a - b) < threshold:\n                return True\n    return False\n"
        let right2 = "    return number % 1.0\n"
        try write([
            ["task_id": "HumanEval/0", "completion": right0],
            ["task_id": "HumanEval/0", "completion": "    return False\n"],
            ["task_id": "HumanEval/0", "solution": "from typing import List\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n" + right0],
            ["task_id": "HumanEval/2", "completion": right2],
            ["task_id": "HumanEval/2", "completion": "    return 0\n"],
            ["task_id": "HumanEval/2", "completion": "    while True:\n        pass\n"],
        ], to: samples)
        let results = directory.appendingPathComponent("out.jsonl")
        // Any working directory: the shipped HumanEval is found from where the tool was built.
        let run = try await ChildProcess.run(tool, ["eval", "humaneval", "--samples", samples.path, "-o", results.path,
                                              "--json", "--timeout", "1"], currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(summary["tasks"] as? Int == 2)
        #expect(summary["samples"] as? Int == 6)
        #expect(summary["results"] as? String == results.path)
        let pass1 = try #require(summary["pass@1"] as? Double)
        #expect(abs(pass1 - (2.0 / 3 + 1.0 / 3) / 2) < 1e-9)
        let pass2 = try #require(summary["pass@2"] as? Double)
        #expect(abs(pass2 - (1.0 + 2.0 / 3) / 2) < 1e-9)  // 1 - C(1,2)/C(3,2) = 1; 1 - C(2,2)/C(3,2) = 2/3
        #expect(summary["pass@3"] == nil)
        // HumanEval+ by default: evalplus's base verdict, and the plus one.
        #expect(summary["benchmark"] as? String == "humanevalplus v0.1.10")
        #expect(summary["base_verdict"] as? String == "evalplus base_input")
        #expect(summary["plus_pass@1"] as? Double != nil)
        #expect(summary["plus_pass@2"] as? Double != nil)
        let lines = try String(contentsOf: results, encoding: .utf8).split(separator: "\n")
        let records = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(records.map { $0["passed"] as? Bool } == [true, false, true, true, false, false])
        #expect(records.map { $0["status"] as? String } == ["passed", "failed", "passed", "passed", "failed", "timeout"])
        #expect(records.map { $0["sample"] as? Int } == [0, 1, 2, 0, 1, 2])
        #expect(records.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(records.allSatisfy { $0["task_id"] is String && $0["plus_passed"] is Bool })
    }

    @Test func mbppTestSplitAndHumanSummary() async throws {
        let directory = try TestPaths.temporaryDirectory("eval")
        let samples = directory.appendingPathComponent("mbpp-samples.jsonl")
        try write([
            ["task_id": 2, "completion": "def similar_elements(a, b):\n    return tuple(set(a) & set(b))\n"],  // split: prompt
            ["task_id": "Mbpp/11", "solution": "def remove_Occ(s, ch):\n    return s.replace(ch, '', 1)[::-1].replace(ch, '', 1)[::-1]\n"],
            ["task_id": 11, "completion": "def remove_Occ(s, ch):\n    return s\n"],
        ], to: samples)
        let run = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path, "--problems",
                                              TestPaths.mbpp.path,
                                              "--split", "test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 of 2 samples passed over 1 tasks"))
        #expect(run.stdout.contains("pass@1"))
        #expect(run.stdout.contains("50.00%"))
        let results = directory.appendingPathComponent("mbpp-samples_results.jsonl")
        #expect(FileManager.default.fileExists(atPath: results.path))
    }

    @Test func refusesWithoutBubblewrapAndWarnsWithoutIsolation() async throws {
        let directory = try TestPaths.temporaryDirectory("eval")
        let samples = directory.appendingPathComponent("s.jsonl")
        try write([["task_id": 11, "completion": "def remove_Occ(s, ch):\n    return s\n"]], to: samples)
        let problems = TestPaths.mbpp.path
        var environment = ProcessInfo.processInfo.environment
        environment["INVERSE_INSTRUCT_BWRAP"] = directory.appendingPathComponent("no-such-bwrap").path
        let refused = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path, "--problems", problems],
                                           environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Debian package `bubblewrap`"))
        let unsandboxed = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path, "--problems", problems,
                                                      "--no-isolation", "--json"], environment: environment)
        #expect(unsandboxed.status == 0, "\(unsandboxed.stderr)")
        #expect(unsandboxed.stderr.contains("warning: --no-isolation"))
        #expect(unsandboxed.stdout.contains("\"pass@1\":0"))
    }

    @Test func usageAndInputErrors() async throws {
        let directory = try TestPaths.temporaryDirectory("eval")
        let samples = directory.appendingPathComponent("bad.jsonl")
        try write([["task_id": 11, "completion": "x = 1\n"], ["task_id": 12, "text": "no code"]], to: samples)
        let bad = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path, "--problems",
                                              TestPaths.mbpp.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(samples.path):2:"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad_results.jsonl").path))
        let unknown = directory.appendingPathComponent("unknown.jsonl")
        try write([["task_id": "HumanEval/999", "completion": "    pass\n"]], to: unknown)
        let missing = try await ChildProcess.run(tool, ["eval", "humaneval", "--samples", unknown.path],
                                           currentDirectory: TestPaths.repositoryRoot)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("HumanEval/999"))
    }

    /// `eval mbpp` without --problems checks against the shipped MBPP+, from any working directory;
    /// --split test keeps task 11 and drops task 2.
    @Test func mbppWithoutProblemsUsesTheShippedData() async throws {
        let directory = try TestPaths.temporaryDirectory("eval")
        let samples = directory.appendingPathComponent("s.jsonl")
        try write([
            ["task_id": "Mbpp/11", "solution": "def remove_Occ(s, ch):\n    return s.replace(ch, '', 1)[::-1].replace(ch, '', 1)[::-1]\n"],
            // MBPP+ (as evalplus): a completion continues the prompt, a solution is the program.
            ["task_id": 12, "solution": "def sort_matrix(m):\n    return sorted(m, key=sum)\n"],
            ["task_id": 2, "completion": "x = 1\n"],
        ], to: samples)
        var environment = ProcessInfo.processInfo.environment
        environment["INVERSE_INSTRUCT_DATA"] = nil
        let run = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path, "--split", "test", "--json"],
                                       currentDirectory: directory, environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(summary["tasks"] as? Int == 2)
        #expect(summary["passed"] as? Int == 2)
        #expect(summary["plus_passed"] as? Int == 2)
        #expect(summary["benchmark"] as? String == "mbppplus v0.2.0")
        let results = try String(contentsOf: directory.appendingPathComponent("s_results.jsonl"), encoding: .utf8)
        #expect(results.contains("\"11\"") && !results.contains("Mbpp/"))

        // Without --split, MBPP+ checks every task it has (task 2 too); v0.1.0 on request.
        let all = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path, "--json", "--mbpp-version", "v0.1.0"],
                                       currentDirectory: directory, environment: environment)
        #expect(all.status == 0, "\(all.stderr)")
        let allSummary = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        #expect(allSummary["tasks"] as? Int == 3)
        #expect(allSummary["passed"] as? Int == 2)
        #expect(allSummary["benchmark"] as? String == "mbppplus v0.1.0")

        // A data folder that is not there: a clear error naming the variable.
        environment["INVERSE_INSTRUCT_DATA"] = directory.appendingPathComponent("no-data").path
        let missing = try await ChildProcess.run(tool, ["eval", "mbpp", "--samples", samples.path], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("INVERSE_INSTRUCT_DATA="))
    }
}
