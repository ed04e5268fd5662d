import Foundation
import Testing
import TestSupport
import InstructData

/// The `extract` command as a user runs it: the real binary, real files, exit codes.
@Suite struct ExtractCommandTests {
    let tool = TestPaths.product("inverse-instruct")

    func run(_ arguments: [String]) async throws -> ProcessOutput {
        try await ChildProcess.run(tool, arguments)
    }

    func jsonObject(_ text: String) throws -> [String: Any] {
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1, "--json prints exactly one line on stdout")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func codeAlpacaCountsAddUp() async throws {
        let input = TestPaths.codeAlpaca
        let output = try TestPaths.temporaryDirectory("cli").appendingPathComponent("snippets.jsonl")
        let result = try await run(["extract", input.path, "-o", output.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try jsonObject(result.stdout)
        let read = try #require(summary["read"] as? Int)
        let kept = try #require(summary["kept"] as? Int)
        let invalid = try #require(summary["invalid_lines"] as? Int)
        let dropped = try #require(summary["dropped"] as? [String: Int])
        #expect(read == kept + dropped.values.reduce(0, +) + invalid)

        // Independent counts: the records in the file, and the lines and sources of the output.
        let records = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: input)) as? [[String: Any]])
        #expect(read == records.count)
        #expect(invalid == 0)
        let snippets = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(snippets.count == kept)
        var sources = Set<Int>()
        for snippet in snippets {
            let source = try #require(snippet["source"] as? [String: Any])
            let index = try #require(source["index"] as? Int)
            #expect(sources.insert(index).inserted, "one snippet per record by default")
            let original = try #require(records[index]["output"] as? String)
            let code = try #require(snippet["code"] as? String)
            // Code Alpaca has no fences: every kept snippet is a whole response, normalized.
            #expect(SnippetNormalizer.normalize(original) == code)
            #expect(snippet["id"] as? String == ContentHash.id(code))
            #expect(snippet["language"] as? String == "python")
        }
        // Responses that are bare values (numbers, booleans, one word) are not code.
        #expect((dropped["no_code"] ?? 0) > 0)
        #expect((dropped["unparsable"] ?? 0) > 0)
    }

    @Test func brokenLineStopsWithFileAndLine() async throws {
        let directory = try TestPaths.temporaryDirectory("cli")
        let input = directory.appendingPathComponent("broken.jsonl")
        try Data("""
            {"instruction": "a", "response": "x = 1"}
            {"instruction": "b", "response": "y = 2"}
            {"instruction": "c", "response": oops}
            {"instruction": "d", "response": "z = 3"}

            """.utf8).write(to: input)
        let output = directory.appendingPathComponent("out.jsonl")
        let failed = try await run(["extract", input.path, "-o", output.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("\(input.path):3: invalid JSON"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "no partial output")

        let skipped = try await run(["extract", input.path, "-o", output.path, "--skip-invalid", "--json"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let summary = try jsonObject(skipped.stdout)
        #expect(summary["read"] as? Int == 4)
        #expect(summary["kept"] as? Int == 3)
        #expect(summary["invalid_lines"] as? Int == 1)
        let rejectsPath = try #require(summary["rejects"] as? String)
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n")
        #expect(rejects.count == 1)
        let reject = try #require(try JSONSerialization.jsonObject(with: Data(rejects[0].utf8)) as? [String: Any])
        #expect(reject["line"] as? Int == 3)
        #expect(reject["text"] as? String == #"{"instruction": "c", "response": oops}"#)
    }

    @Test func unmappableRecordNamesItsLine() async throws {
        let directory = try TestPaths.temporaryDirectory("cli")
        let input = directory.appendingPathComponent("odd.jsonl")
        try Data("{\"instruction\": \"a\", \"response\": \"x = 1\"}\n{\"question\": \"q\", \"answer\": \"a\"}\n".utf8).write(to: input)
        let result = try await run(["extract", input.path, "-o", directory.appendingPathComponent("o.jsonl").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(input.path):2: cannot tell which fields"))
        let mapped = try await run(["extract", input.path, "-o", directory.appendingPathComponent("o.jsonl").path,
                              "--fields", "question=answer", "--json"])
        #expect(mapped.status == 1, "the first line has no question field")
        #expect(mapped.stderr.contains(":1: missing field 'question'"))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        #expect(try await run(["extract"]).status == 2)
        #expect(try await run(["extract", "x.jsonl", "-o", "y.jsonl", "--min-lines", "-3"]).status == 2)
        #expect(try await run(["no-such-command"]).status == 2)
        #expect(try await run(["extract", "x.jsonl", "-o", "y", "--fields", "bogus"]).status == 2)
        let help = try await run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("extract"))
    }

    @Test func missingInputIsAFailureNotAUsageError() async throws {
        let result = try await run(["extract", "/nonexistent/in.jsonl", "-o", "/tmp/never.jsonl"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/in.jsonl"))
    }

    @Test func exampleDatasetCoversTheEdgeCases() async throws {
        let output = try TestPaths.temporaryDirectory("cli").appendingPathComponent("ex.jsonl")
        let result = try await run(["extract", TestPaths.examples.appendingPathComponent("pairs.jsonl").path,
                              "-o", output.path, "--json", "--quiet"])
        #expect(result.status == 0)
        let summary = try jsonObject(result.stdout)
        let dropped = try #require(summary["dropped"] as? [String: Int])
        #expect(summary["read"] as? Int == 32)
        #expect(dropped["duplicate"] == 1)
        #expect(dropped["no_code"] == 1)
        #expect(dropped["unparsable"] == 5)
        #expect(result.stderr.isEmpty, "no progress line when stderr is not a terminal")
        // Keeping only Python and Swift drops the other languages for the right reason.
        let filtered = try await run(["extract", TestPaths.examples.appendingPathComponent("pairs.jsonl").path,
                                "-o", output.path, "--json", "--languages", "python,swift"])
        let filteredDrops = try #require(try jsonObject(filtered.stdout)["dropped"] as? [String: Int])
        #expect((filteredDrops["language"] ?? 0) >= 10)
    }
}
