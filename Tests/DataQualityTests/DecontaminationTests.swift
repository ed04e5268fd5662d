import Benchmarks
import DataQuality
import Foundation
import InstructData
import Testing

@Suite struct DecontaminationTests {
    static func decontaminator(_ methods: [DecontaminationMethod]) throws -> Decontaminator {
        var options = DecontaminationOptions()
        options.methods = methods
        return Decontaminator(benchmarks: [try Fixtures.humanEval(), try Fixtures.mbpp()], options: options)
    }

    static func record(_ value: JSONValue, index: Int = 0) throws -> RawRecord {
        RawRecord(fields: try #require(value.objectValue), location: SourceLocation(file: "corpus", line: index + 1, index: index))
    }

    @Test func benchmarksLoadWithTaskIDs() throws {
        let humanEval = try Fixtures.humanEval()
        let mbpp = try Fixtures.mbpp()
        #expect(humanEval.problems.count == 164)
        #expect(mbpp.problems.count == 974)
        let he0 = try Fixtures.problem(humanEval, "HumanEval/0")
        #expect(he0.decontaminationTexts.map(\.name) == ["prompt", "solution", "docstring"])
        #expect(try Fixtures.part(he0, "docstring").hasPrefix("Check if in given list of numbers"))
        #expect(try Fixtures.part(try Fixtures.problem(mbpp, "11"), "text").hasPrefix("Write a python function to remove first and last occurrence"))
    }

    @Test func substringMethodCatchesVerbatimAndReformattedOnly() throws {
        let corpus = try SeededCorpus.make()
        let decontaminator = try Self.decontaminator([.substring])
        for seed in corpus.seeds {
            let matches = try decontaminator.check(try Self.record(seed.record))
            if seed.leak == .paraphrased {
                #expect(matches.isEmpty, "\(seed.id) should need the n-gram method, matched \(matches)")
            } else {
                #expect(!matches.isEmpty, "\(seed.id) was not caught by the substring method")
                #expect(matches.allSatisfy { $0.method == .substring })
                #expect(Set(matches.map(\.taskID)) == [seed.taskID], "\(seed.id): \(matches.map(\.taskID))")
            }
        }
    }

    @Test func ngramMethodCatchesParaphrased() throws {
        let corpus = try SeededCorpus.make()
        let decontaminator = try Self.decontaminator([.ngram])
        for seed in corpus.seeds {
            let matches = try decontaminator.check(try Self.record(seed.record))
            #expect(matches.allSatisfy { $0.method == .ngram && $0.taskID == seed.taskID }, "\(seed.id): \(matches.map(\.taskID))")
            if seed.leak == .paraphrased {
                #expect(!matches.isEmpty, "\(seed.id) was not caught by the n-gram method")
                #expect(matches.allSatisfy { ($0.sharedNgrams ?? 0) >= 2 && !$0.text.isEmpty })
            }
        }
        // Statements are indexed, not solutions: a leaked solution alone is the substring method's.
        let solutionOnly = try #require(corpus.seeds.first { $0.id == "mbpp-reformatted-245" })
        #expect(try decontaminator.check(try Self.record(solutionOnly.record)).isEmpty)
    }

    @Test func jobKeepsCleanRecordsAndWritesEvidenceWithTaskIDs() async throws {
        let corpus = try SeededCorpus.make()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("corpus.jsonl")
        try Fixtures.writeJSONL(corpus.allRecords, to: input)
        let output = folder.appendingPathComponent("clean.jsonl").path

        var job = DecontaminationJob(input: input.path, output: output, decontaminator: try Self.decontaminator([.substring, .ngram]))
        job.chunkSize = 64
        let summary = try await job.run()

        let kept = try Fixtures.readJSONL(output)
        let evidence = try Fixtures.readJSONL(job.evidencePath)
        let removedIDs = Set(evidence.compactMap { $0["record"]?["id"]?.stringValue })
        let seedIDs = Set(corpus.seeds.map(\.id))
        #expect(seedIDs.isSubset(of: removedIDs))
        #expect(summary.read == corpus.allRecords.count)
        #expect(summary.kept == kept.count)
        #expect(summary.kept + summary.removedTotal == summary.read)
        #expect(summary.removed["substring"] == corpus.seeds.filter { $0.leak != .paraphrased }.count
                + evidence.filter { !seedIDs.contains($0["record"]?["id"]?.stringValue ?? "") && $0["method"] == "substring" }.count)
        #expect(summary.evidence == job.evidencePath)

        // Kept records are the input records, unchanged and in order.
        let expectedKept = corpus.allRecords.filter { !removedIDs.contains($0.recordID ?? "") }
        #expect(kept.map { JSONValue.object($0) } == expectedKept)

        for seed in corpus.seeds {
            let line = try #require(evidence.first { $0["record"]?["id"]?.stringValue == seed.id })
            #expect(line["task_id"]?.stringValue == seed.taskID, "\(seed.id)")
            #expect(line["method"]?.stringValue == (seed.leak == .paraphrased ? "ngram" : "substring"), "\(seed.id)")
            #expect(line["record"] == seed.record)
            let matches = try #require(line["matches"]?.arrayValue)
            #expect(matches.contains { $0["task_id"]?.stringValue == seed.taskID && !($0["text"]?.stringValue ?? "").isEmpty })
            #expect(line["line"]?.intValue != nil && line["file"]?.stringValue == input.path)
        }
    }
}
