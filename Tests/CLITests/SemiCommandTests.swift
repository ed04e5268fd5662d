import Foundation
import Testing
import TestSupport

/// `semi` as a user runs it: the real binary, the built-in engine with the SmolLM2 test model,
/// the real sandbox; then the same run through `run --config` with `method: semi-instruct`.
@Suite(.serialized) struct SemiCommandTests {
    let tool = TestPaths.product("inverse-instruct")

    func json(_ text: String) throws -> [String: Any] {
        #expect(text.split(separator: "\n").count == 1, "exactly one JSON object on stdout")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func semiJSONSummaryThenTheSameRunFromARunConfig() async throws {
        let directory = try TestPaths.temporaryDirectory("semi-cli")
        let input = directory.appendingPathComponent("code.jsonl")
        let records = [
            ["id": "square", "code": "def square(x):\n    return x * x\n"],
            ["id": "double", "code": "n = int(input())\nprint(2 * n)\n"],
            ["id": "broken", "code": "def f(:\n"],
        ]
        try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("pairs.jsonl").path
        let runDir = directory.appendingPathComponent("run").path
        let arguments = ["semi", input.path, "-o", output, "--run-dir", runDir, "--model", "smollm2-135m",
                         "--max-tokens", "48", "--engine-parallel", "2", "--timeout", "2", "--json"]
        let first = try await ChildProcess.run(tool, arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try json(first.stdout)
        for key in ["read", "generated", "parse_failures", "originals_failed", "validated", "kept", "tests_passed_histogram",
                    "output", "rejects", "run_dir", "reasons", "model_requests"] {
            #expect(summary[key] != nil, "\(key) is in the summary")
        }
        #expect(summary["read"] as? Int == 3)
        #expect(summary["unsupported"] as? Int == 1)
        #expect(summary["generated"] as? Int == 2)
        #expect(summary["model_requests"] as? Int == 2)
        let generated = try #require(summary["generated"] as? Int)
        let parts = ["parse_failures", "originals_failed", "validated"].compactMap { summary[$0] as? Int }.reduce(0, +)
        #expect(parts == generated)
        #expect(FileManager.default.fileExists(atPath: output))
        let rejects = try String(contentsOfFile: try #require(summary["rejects"] as? String), encoding: .utf8)
        #expect(rejects.contains("\"unsupported original\""))

        // --no-generate looks at a run without the model: other generation settings leave
        // everything pending, reported, with exit 0.
        let look = try await ChildProcess.run(tool, arguments.map { $0 == "48" ? "40" : $0 } + ["--no-generate"])
        #expect(look.status == 0, "\(look.stderr)")
        let partial = try json(look.stdout)
        #expect(partial["model_requests"] as? Int == 0)
        #expect(partial["pending"] as? Int == 2)
        #expect(partial["generated"] as? Int == 0)

        // The same run from a config file: the finished run directory answers, no model calls.
        let config = directory.appendingPathComponent("semi.yaml")
        try """
            method: semi-instruct
            input: \(input.path)
            run_dir: \(runDir)
            model: smollm2-135m
            max_tokens: 48
            semi:
              output: \(output)
              timeout: 2
            """.write(to: config, atomically: true, encoding: .utf8)
        let again = try await ChildProcess.run(tool, ["run", "--config", config.path, "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let second = try json(again.stdout)
        #expect(second["model_requests"] as? Int == 0)
        #expect(second["kept"] as? Int == summary["kept"] as? Int)

        // A typo in the config is an error naming the line, before any work.
        try "method: semi-instruct\nsemi:\n  outptu: x.jsonl\n".write(to: config, atomically: true, encoding: .utf8)
        let typo = try await ChildProcess.run(tool, ["run", "--config", config.path])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains(":3: unknown Semi-Instruct option 'outptu'"), "\(typo.stderr)")
    }
}
