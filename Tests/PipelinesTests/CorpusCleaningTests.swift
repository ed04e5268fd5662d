import Foundation
import InstructData
import Testing
import TestSupport
@testable import Pipelines

@Suite struct CorpusCleaningTests {
    @Test func removesLeakedBenchmarkProblemsAndNearDuplicatesInPlace() async throws {
        var settings = InverseInstructSettings()
        settings.decontaminate = ["mbpp"]
        settings.mbpp = TestPaths.mbpp.path
        settings.dedup = true
        let cleaning = try CorpusCleaning.make(settings: settings)
        #expect(cleaning.isActive)

        let directory = try TestPaths.temporaryDirectory("cleaning")
        let path = directory.appendingPathComponent("phase2-original.instruction-response.jsonl").path
        let writer = try JSONRecordWriter(path: path)
        // MBPP task 2, copied verbatim into an instruction.
        try writer.write(["instruction": "Write a function to find the shared elements from the given two lists.",
                          "response": "def similar_elements(test_tup1, test_tup2):\n  res = tuple(set(test_tup1) & set(test_tup2))\n  return (res)"])
        let sentence = "Write a Python program that reads a list of integers from the user, sorts them in descending order and prints the three largest distinct values"
        try writer.write(["instruction": .string(sentence), "response": "print(sorted(set(xs))[-3:])"])
        try writer.write(["instruction": .string(sentence + " please"), "response": "print(sorted(set(xs))[-3:])"])
        try writer.write(["instruction": "Explain recursion with a short example in Haskell using pattern matching.", "response": "f 0 = 1"])
        try writer.commit()

        let removed = try await cleaning.clean(path)
        #expect(removed.values.reduce(0, +) == 2, "\(removed)")
        let kept = try DatasetReader(path: path).items().compactMap { item -> String? in
            guard case .record(let record) = item else { return nil }
            return record.fields["instruction"]?.stringValue
        }
        #expect(kept == [sentence, "Explain recursion with a short example in Haskell using pattern matching."])
        let evidence = try String(contentsOfFile: directory.appendingPathComponent("phase2-original.instruction-response.contaminated.jsonl").path,
                                  encoding: .utf8)
        #expect(evidence.contains("\"2\"") || evidence.contains(":2,") || evidence.contains("mbpp"))
    }

    @Test func missingBenchmarkFileIsAClearError() {
        var settings = InverseInstructSettings()
        settings.decontaminate = ["/no/such/problems.jsonl"]
        let error = #expect(throws: ToolError.self) { try CorpusCleaning.make(settings: settings) }
        #expect(error?.description.contains("/no/such/problems.jsonl: no such benchmark file") == true)
    }

    /// MBPP and HumanEval come from the vendored data when no file is set.
    @Test func knownBenchmarksNeedNoFile() throws {
        var settings = InverseInstructSettings()
        settings.decontaminate = ["humaneval", "mbpp"]
        let cleaning = try CorpusCleaning.make(settings: settings)
        #expect(cleaning.decontaminator?.benchmarks.map(\.problems.count) == [164, 974])
    }
}
