import Benchmarks
import DataQuality
import Foundation
import InstructData
import Testing
import TestSupport

/// The benchmark data the tool ships and the Code Alpaca test fixtures.
enum Fixtures {
    static var mbppPath: String { TestPaths.mbpp.path }
    static var codeAlpaca2kPath: String { TestPaths.codeAlpaca.path }
    static var newCodeAlpacaPath: String {
        TestPaths.fixtures.appendingPathComponent("code-alpaca/new_codealpaca_300.json").path
    }

    static func humanEvalPath() throws -> String { TestPaths.humanEval.path }

    static func humanEval() throws -> Benchmark { try BenchmarkLoader.load(.humanEval, path: humanEvalPath()) }
    static func mbpp() throws -> Benchmark { try BenchmarkLoader.load(.mbpp, path: mbppPath) }

    static func problem(_ benchmark: Benchmark, _ taskID: String) throws -> BenchmarkProblem {
        try #require(benchmark.problems.first { $0.taskID == taskID }, "no task \(taskID) in \(benchmark.name)")
    }

    static func part(_ problem: BenchmarkProblem, _ name: String) throws -> String {
        try #require(problem.decontaminationTexts.first { $0.name == name }?.text, "task \(problem.taskID) has no \(name)")
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
