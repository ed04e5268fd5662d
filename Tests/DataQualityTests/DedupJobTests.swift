import DataQuality
import Foundation
import InstructData
import Testing

@Suite struct DedupJobTests {
    @Test func removesDuplicatesAndNamesTheKeptRecord() async throws {
        let texts = try MinHashTests.distinctTexts(count: 30)
        var records: [JSONValue] = []
        for (index, text) in texts.enumerated() {
            records.append(["id": .string("r\(index)"), "instruction": .string("Task \(index)"), "output": .string(text)])
        }
        // Near copy of r3, exact copy (after case/whitespace changes) of r5, near copy of r3 again.
        records.append(["id": "near-of-r3", "instruction": "Task 3", "output": .string(MinHashTests.edited(texts[3], edits: 2, salt: 1))])
        records.append(["id": "exact-of-r5", "instruction": "TASK  5", "output": .string(texts[5].uppercased() + "\n")])
        records.append(["id": "near2-of-r3", "instruction": "Task 3", "output": .string(MinHashTests.edited(texts[3], edits: 3, salt: 2))])

        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        try Fixtures.writeJSONL(records, to: input)
        var job = DedupJob(input: input.path, output: folder.appendingPathComponent("out.jsonl").path)
        job.chunkSize = 7
        let summary = try await job.run()

        #expect(summary.read == 33)
        #expect(summary.kept == 30)
        #expect(summary.removed == ["near": 2, "exact": 1])
        let kept = try Fixtures.readJSONL(job.output)
        #expect(kept.map { JSONValue.object($0) } == Array(records.prefix(30)))
        let evidence = try Fixtures.readJSONL(job.evidencePath)
        #expect(evidence.map { $0["record"]?["id"]?.stringValue } == ["near-of-r3", "exact-of-r5", "near2-of-r3"])
        #expect(evidence.map { $0["kept"]?["id"]?.stringValue } == ["r3", "r5", "r3"])
        #expect(evidence.map { $0["method"]?.stringValue } == ["near", "exact", "near"])
        #expect(evidence[0]["kept"]?["line"]?.intValue == 4)
        #expect(evidence[0]["kept"]?["index"]?.intValue == 3)
        #expect(summary.parameters["bands"] == 14 && summary.parameters["rows"] == 9)
    }

    @Test func sameSeedSameResultOnCharacterShinglesToo() async throws {
        let texts = try MinHashTests.distinctTexts(count: 20)
        var records: [JSONValue] = texts.enumerated().map { ["id": .string("r\($0)"), "text": .string($1)] }
        for index in stride(from: 0, to: 20, by: 4) {
            records.append(["id": .string("copy\(index)"), "text": .string(MinHashTests.edited(texts[index], edits: 2, salt: index))])
        }
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        try Fixtures.writeJSONL(records, to: input)
        var outcomes: [[String?]] = []
        for run in 0..<2 {
            var job = DedupJob(input: input.path, output: folder.appendingPathComponent("out\(run).jsonl").path)
            job.selector = .fields(["text"])
            job.options.shingleUnit = .character
            job.options.shingleSize = 8
            job.options.seed = 99
            let summary = try await job.run()
            #expect(summary.removed["near"] == 5)
            outcomes.append(try Fixtures.readJSONL(job.evidencePath).map { $0["kept"]?["id"]?.stringValue })
        }
        #expect(outcomes[0] == ["r0", "r4", "r8", "r12", "r16"])
        #expect(outcomes[0] == outcomes[1])
    }

    @Test func badRecordsStopOrGoToRejects() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        try "{\"text\": \"one two three\"}\n{not json\n{\"other\": 1}\n{\"text\": \"one two three\"}\n".write(to: input, atomically: true, encoding: .utf8)
        var job = DedupJob(input: input.path, output: folder.appendingPathComponent("out.jsonl").path)
        job.selector = .fields(["text"])
        await #expect(throws: InvalidRecord.self) { try await job.run() }
        job.skipInvalid = true
        let summary = try await job.run()
        #expect(summary.read == 4 && summary.invalid == 2 && summary.kept == 1 && summary.removed == ["exact": 1])
        let rejects = try Fixtures.readJSONL(try #require(summary.rejects))
        #expect(rejects.map { $0["line"]?.intValue } == [2, 3])
        let evidence = try Fixtures.readJSONL(job.evidencePath)
        #expect(evidence.first?["kept"]?["index"]?.intValue == 0 && evidence.first?["index"]?.intValue == 3)
    }
}
