import Foundation
import Testing
import TestSupport
import InstructData

/// The Python programs the tool runs are embedded in the executable, not read from files beside
/// it: a copy of the binary, alone in a fresh folder and run from another one, still extracts.
@Suite struct StandaloneBinaryTests {
    @Test func copiedBinaryRunsItsEmbeddedSyntaxChecker() async throws {
        let binaryDirectory = try TestPaths.temporaryDirectory("standalone-bin")
        let workDirectory = try TestPaths.temporaryDirectory("standalone-work")
        defer {
            try? FileManager.default.removeItem(at: binaryDirectory)
            try? FileManager.default.removeItem(at: workDirectory)
        }
        let tool = binaryDirectory.appendingPathComponent("inverse-instruct")
        try FileManager.default.copyItem(at: TestPaths.product("inverse-instruct"), to: tool)
        #expect(try FileManager.default.contentsOfDirectory(atPath: binaryDirectory.path) == ["inverse-instruct"])

        let function = "def add(a, b):\n    return a + b\n"
        let records: [[String: String]] = [
            // No fence, parses as Python: kept whole, which only the syntax checker can tell.
            ["instruction": "Add two numbers.", "response": function],
            ["instruction": "Greet.", "response": "Here it is:\n```python\nprint('hello')\n```\nDone."],
            // No fence and not Python, or only a bare value: the checker drops them.
            ["instruction": "Explain.", "response": "This is an explanation in words, not a program."],
            ["instruction": "Answer.", "response": "42"],
        ]
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: workDirectory.appendingPathComponent("pairs.jsonl"))

        let result = try await ChildProcess.run(tool, ["extract", "pairs.jsonl", "-o", "snippets.jsonl", "--json"],
                                          currentDirectory: workDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["read"] as? Int == 4)
        #expect(summary["kept"] as? Int == 2)
        let dropped = try #require(summary["dropped"] as? [String: Int])
        #expect(dropped == ["unparsable": 1, "no_code": 1])

        let output = try String(contentsOf: workDirectory.appendingPathComponent("snippets.jsonl"), encoding: .utf8)
        let snippets = try output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(snippets.compactMap { $0["code"] as? String } == [SnippetNormalizer.normalize(function), "print('hello')"])
        #expect(snippets.compactMap { $0["language"] as? String } == ["python", "python"])
    }
}
