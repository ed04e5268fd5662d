import Foundation
import Testing
import TestSupport

/// `run`'s verify options as a user meets them: in --help, and the combinations refused
/// before any work starts.
@Suite struct RunVerifyOptionsTests {
    let tool = TestPaths.product("inverse-instruct")

    func input() throws -> (URL, URL) {
        let directory = try TestPaths.temporaryDirectory("run-verify-cli")
        let input = directory.appendingPathComponent("pairs.jsonl")
        try Data(#"{"instruction": "add", "response": "```python\ndef add(a, b):\n    return a + b\n```"}"#.utf8).write(to: input)
        return (input, directory.appendingPathComponent("run"))
    }

    @Test func helpNamesTheOptions() async throws {
        let help = try await ChildProcess.run(tool, ["run", "--help"])
        #expect(help.status == 0)
        for option in ["--verify", "--keep", "--verify-candidates", "--verify-original"] {
            #expect(help.stdout.contains(option), "\(option) is in --help")
        }
    }

    @Test func keepWithoutVerifyIsRefused() async throws {
        let (input, runDir) = try input()
        let result = try await ChildProcess.run(tool, ["run", "--input", input.path, "--run-dir", runDir.path, "--keep", "verified"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("needs verify"), "\(result.stderr)")
        let unknown = try await ChildProcess.run(tool, ["run", "--input", input.path, "--run-dir", runDir.path, "--verify", "--keep", "most"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("keep is all, checkable or verified"), "\(unknown.stderr)")
    }

    @Test func verifyHasNoBatchMode() async throws {
        let (input, runDir) = try input()
        let result = try await ChildProcess.run(tool, ["run", "--input", input.path, "--run-dir", runDir.path, "--verify",
                                                 "--batch-out", runDir.appendingPathComponent("requests.jsonl").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no batch mode"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runDir.path), "refused before the run directory is made")
    }
}
