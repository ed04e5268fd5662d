import Foundation
import Testing
import TestSupport

/// The `dedup` command as a user runs it: the real binary, real files, exit codes.
@Suite struct DedupCommandTests {
    let tool = TestPaths.product("inverse-instruct")

    /// Ten distinct records, then a copy of record 0 with one word changed (true 5-shingle
    /// Jaccard ≈ 0.95 at ~200 words: found whatever the hash family) and a copy of record 1
    /// that differs only in case and spacing.
    func corpus() throws -> URL {
        let directory = try TestPaths.temporaryDirectory("cli-dedup")
        var lines: [[String: String]] = (0..<10).map { index in
            let words = (0..<200).map { "w\(index)x\($0)" }.joined(separator: " ")
            return ["id": "r\(index)", "instruction": "Task \(index): \(words)", "output": "print(\(index))"]
        }
        var near = lines[0]
        near["id"] = "near0"
        near["instruction"] = near["instruction"]?.replacingOccurrences(of: "w0x20 ", with: "changed ")
        var exact = lines[1]
        exact["id"] = "exact1"
        exact["instruction"] = "  " + (exact["instruction"] ?? "").uppercased().replacingOccurrences(of: " ", with: "\n ")
        lines += [near, exact]
        let input = directory.appendingPathComponent("pairs.jsonl")
        let text = try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try Data((text.joined(separator: "\n") + "\n").utf8).write(to: input)
        return input
    }

    @Test(arguments: [nil, "datasketch", "fast"])
    func removesPlantedDuplicatesWithEitherHashFamily(family: String?) async throws {
        let input = try corpus()
        let output = input.deletingLastPathComponent().appendingPathComponent("kept-\(family ?? "default").jsonl")
        let result = try await ChildProcess.run(tool, ["dedup", input.path, "-o", output.path, "--on", "instruction,output", "--json"]
                                            + (family.map { ["--hash", $0] } ?? []))
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let parameters = try #require(summary["parameters"] as? [String: Any])
        #expect(parameters["hash"] as? String == family ?? "datasketch")
        #expect(summary["removed"] as? [String: Int] == ["exact": 1, "near": 1])
        let kept = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(kept.count == 10)
        #expect(!kept.contains { $0.contains("near0") || $0.contains("exact1") })
    }

    @Test func unknownHashFamilyIsAUsageError() async throws {
        let input = try corpus()
        let result = try await ChildProcess.run(tool, ["dedup", input.path, "-o", input.path + ".out", "--hash", "md5"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--hash takes datasketch or fast"))
        let bigSeed = try await ChildProcess.run(tool, ["dedup", input.path, "-o", input.path + ".out", "--seed", "4294967296"])
        #expect(bigSeed.status == 2)
        #expect(bigSeed.stderr.contains("2^32"))
    }
}
