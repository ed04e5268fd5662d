import Foundation
import Testing
import TestSupport

/// `eval multipl-e` as a user runs it: the real binary, real sandbox, node.
@Suite struct EvalMultiPLECommandTests {
    let tool = TestPaths.product("inverse-instruct")

    @Test func javaScriptJSONSummaryAndResultsFile() async throws {
        let directory = try TestPaths.temporaryDirectory("eval-multipl-e")
        let samples = directory.appendingPathComponent("js.jsonl")
        let records: [[String: String]] = [
            ["task_id": "HumanEval_53_add", "completion": "  return x + y;\n}"],
            ["task_id": "HumanEval_53_add", "completion": "  return x - y;\n}"],
            ["task_id": "HumanEval_23_strlen", "completion": "  return string.length;\n}"],
            ["task_id": "HumanEval_23_strlen", "completion": "  while (true) {}\n}"],
        ]
        let text = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        try text.write(to: samples, atomically: true, encoding: .utf8)
        let results = directory.appendingPathComponent("out.jsonl")
        let run = try await ChildProcess.run(tool, ["eval", "multipl-e", "--language", "javascript", "--samples", samples.path,
                                              "-o", results.path, "--json", "--timeout", "1"], currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(summary["benchmark"] as? String == "multipl-e")
        #expect(summary["version"] as? String == "11b407bd2dd98c8204afea4d20043faf2145c20c")
        #expect(summary["language"] as? String == "js")
        #expect(summary["tasks"] as? Int == 2)
        #expect(summary["samples"] as? Int == 4)
        #expect(summary["passed"] as? Int == 2)
        #expect(summary["pass@1"] as? Double == 0.5)
        #expect(summary["pass@2"] as? Double == 1.0)
        let lines = try String(contentsOf: results, encoding: .utf8).split(separator: "\n")
        let verdicts = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(verdicts.map { $0["task_id"] as? String } == records.map { $0["task_id"] })
        #expect(verdicts.map { $0["passed"] as? Bool } == [true, false, true, false])
        #expect(verdicts.map { $0["status"] as? String } == ["passed", "failed", "passed", "timeout"])
    }

    @Test func unknownLanguageIsAUsageError() async throws {
        let run = try await ChildProcess.run(tool, ["eval", "multipl-e", "--language", "cobol", "--samples", "x.jsonl"])
        #expect(run.status == 64 || run.status == 2, "\(run.status)")
        #expect(run.stderr.contains("--language takes java, js, cpp, php, swift or rs"))
    }
}
