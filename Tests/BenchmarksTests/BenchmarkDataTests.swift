import Foundation
import Testing
import TestSupport
@testable import Benchmarks
import InstructData

@Suite struct BenchmarkDataTests {
    @Test func theEnvironmentVariableWins() throws {
        let folder = try TestPaths.temporaryDirectory("data")
        let data = try BenchmarkData.locate(environment: [BenchmarkData.environmentVariable: folder.path],
                                            checkout: TestPaths.benchmarkData)
        #expect(data.folder.path == folder.path)
        #expect(data.path(for: .mbpp) == folder.appendingPathComponent("mbpp/mbpp.jsonl").path)
        let missing = #expect(throws: ToolError.self) {
            try BenchmarkData.locate(environment: [BenchmarkData.environmentVariable: "/no/such/data"],
                                     checkout: TestPaths.benchmarkData)
        }
        #expect(missing?.message.contains("INVERSE_INSTRUCT_DATA=/no/such/data: no such folder") == true)
    }

    @Test func withoutTheVariableTheCheckoutsDataFolder() throws {
        #expect(BenchmarkData.checkoutFolder.standardizedFileURL == TestPaths.benchmarkData.standardizedFileURL)
        let data = try BenchmarkData.locate(environment: [:])
        #expect(data.folder == BenchmarkData.checkoutFolder)
        for benchmark in BenchmarkKind.allCases {
            #expect(FileManager.default.fileExists(atPath: data.path(for: benchmark)), "\(benchmark)")
        }
        #expect(try BenchmarkData.path(for: .humanEval, given: "mine.jsonl") == "mine.jsonl")
    }

    @Test func noDataIsAClearError() {
        let error = #expect(throws: ToolError.self) {
            try BenchmarkData.locate(environment: [:], checkout: URL(fileURLWithPath: "/no/such/checkout/Data"))
        }
        #expect(error?.message.contains("benchmark data not found: /no/such/checkout/Data") == true)
        #expect(error?.message.contains("set INVERSE_INSTRUCT_DATA") == true)
    }

    /// The shipped files load as their benchmarks, with ids in the one spelling.
    @Test func theShippedFilesLoad() throws {
        let data = try BenchmarkData.locate(environment: [:])
        let humanEval = try BenchmarkLoader.load(.humanEval, path: data.path(for: .humanEval))
        #expect(humanEval.name == "humaneval" && humanEval.problems.count == 164)
        #expect(humanEval.problems[0].taskID == "HumanEval/0")
        #expect(humanEval.problems[0].decontaminationTexts.map(\.name) == ["prompt", "solution", "docstring"])
        let mbpp = try BenchmarkLoader.load(.mbpp, path: data.path(for: .mbpp))
        #expect(mbpp.problems.count == 974)
        #expect(mbpp.problems.first { $0.taskID == "11" }?.decontaminationTexts.map(\.name) == ["text", "code"])
    }
}
