import Foundation
import Testing
@testable import Evaluation
import Sandbox
import TestSupport

enum TestData {
    /// MBPP as the tool ships it (Data/mbpp/mbpp.jsonl).
    static var mbppPath: String { TestPaths.mbpp.path }

    /// HumanEval as the tool ships it (Data/humaneval/HumanEval.jsonl.gz).
    static var humanEvalPath: String { TestPaths.humanEval.path }

    static func pool(workers: Int = 2, timeout: Double = 3) throws -> SandboxPool {
        do {
            return try SandboxPool(configuration: SandboxConfiguration(workers: workers, timeout: timeout))
        } catch SandboxError.bubblewrapMissing {
            Issue.record("bubblewrap is missing: run scripts/setup.sh")
            throw SandboxError.bubblewrapMissing
        }
    }

    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eval-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
