import Foundation
import InstructData

/// `dedup` as a library call, in two streaming passes over the input so memory stays small
/// whatever its size: the first fingerprints chunks of records on all cores and clusters them;
/// the second re-reads the input and writes the first record of each cluster unchanged to
/// `output`, and every other one to `evidence` with the position, line and id of the kept one.
public struct DedupJob: Sendable {
    public var input: String
    public var output: String
    public var evidencePath: String
    public var options = DedupOptions()
    public var selector: TextSelector = .pair(.auto)
    /// Field whose value names a record in the evidence (`kept_id`), when records have it.
    public var idField = "id"
    public var skipInvalid = false
    public var rejectsPath: String?
    public var chunkSize = 4096

    public init(input: String, output: String, evidencePath: String? = nil) {
        self.input = input
        self.output = output
        self.evidencePath = evidencePath ?? OutputPaths.sibling(of: output, suffix: ".duplicates.jsonl")
    }

    /// Runs both passes; `progress` gets (bytes done, total bytes) counting each pass's bytes.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) async throws -> QualitySummary {
        if let problem = options.problems.first { throw ToolError(.invalidSettings, "dedup settings: \(problem)") }
        let started = ContinuousClock.now
        let chunkSize = max(1, self.chunkSize)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        let fingerprinter = DedupFingerprinter(options: options)
        let selector = selector

        // Pass 1: fingerprints and clusters. Three things overlap on the cores: fingerprinting
        // the current chunk (on every core), reading and JSON-parsing the next one, and adding
        // the previous chunk's fingerprints to the clusters.
        let stream = PairSource(path: input, skipInvalid: skipInvalid,
                                  rejectsPath: rejectsPath ?? OutputPaths.sibling(of: output, suffix: ".rejects.jsonl"))
        var finder = NearDuplicateFinder()
        var chunk = try stream.nextRecords(upTo: chunkSize)
        var fingerprinted: [Result<DedupFingerprint, InvalidRecord>] = []
        while !chunk.isEmpty {
            let current = chunk
            async let fingerprints = ParallelMap.map(current) { record -> Result<DedupFingerprint, InvalidRecord> in
                do throws(InvalidRecord) {
                    return .success(fingerprinter.fingerprint(try selector.joinedText(of: record)))
                } catch {
                    return .failure(error)
                }
            }
            try Self.add(fingerprinted, to: &finder, rejectingInto: stream)
            chunk = try stream.nextRecords(upTo: chunkSize)
            fingerprinted = await fingerprints
            progress(stream.bytesConsumed, 2 * fileBytes)
        }
        try Self.add(fingerprinted, to: &finder, rejectingInto: stream)
        try stream.finish()
        let clusters = finder.resolve()

        // Pass 2: the same records in the same order; invalid ones were counted in pass 1.
        // Deciding is cheap and runs in order; serializing a chunk's lines runs on another core
        // while the next chunk is read and parsed.
        let again = PairSource(path: input, skipInvalid: true, rejectsPath: nil)
        let writer = try JSONRecordWriter(path: output, layout: .lines)
        let evidence = try JSONRecordWriter(path: evidencePath, layout: .lines)
        var summary = QualitySummary(command: "dedup")
        var keptInfo: [Int: JSONValue] = [:]
        // Positions count parsed records; evidence names records by their index in the file.
        var fileIndex: [Int32] = []
        fileIndex.reserveCapacity(clusters.count)
        var position = 0
        var records = try again.nextRecords(upTo: chunkSize)
        while !records.isEmpty {
            var lines: [DedupOutputLine] = []
            lines.reserveCapacity(records.count)
            for record in records {
                defer { position += 1 }
                guard position < clusters.count else {
                    throw ToolError(.invalidInput, "\(input): changed while it was being de-duplicated (more records on the second pass)")
                }
                fileIndex.append(Int32(record.location.index))
                if clusters.isSkipped(position) { continue }
                guard let (keptIndex, kind) = clusters.keptRecord(for: position) else {
                    lines.append(.kept(.object(record.fields)))
                    summary.kept += 1
                    if clusters.hasDuplicates(position) { keptInfo[position] = describe(record) }
                    continue
                }
                summary.removed[kind.rawValue, default: 0] += 1
                var line: [String: JSONValue] = [
                    "file": .string(record.location.file),
                    "line": .int(record.location.line),
                    "index": .int(record.location.index),
                    "method": .string(kind.rawValue),
                    "kept": keptInfo[keptIndex] ?? .object(["index": .int(Int(fileIndex[keptIndex]))]),
                    "record": .object(record.fields),
                ]
                if let direct = clusters.directMatch(for: position), direct != keptIndex {
                    line["matched_index"] = .int(Int(fileIndex[direct]))
                }
                lines.append(.removed(.object(line)))
            }
            let decided = lines
            async let serialized = DedupOutputLine.serialize(decided)
            records = try again.nextRecords(upTo: chunkSize)
            let (keptBytes, keptCount, evidenceBytes, evidenceCount) = await serialized
            try writer.write(serializedLines: keptBytes, count: keptCount)
            try evidence.write(serializedLines: evidenceBytes, count: evidenceCount)
            progress(fileBytes + again.bytesConsumed, 2 * fileBytes)
        }
        guard position == clusters.count else {
            throw ToolError(.invalidInput, "\(input): changed while it was being de-duplicated (fewer records on the second pass)")
        }
        progress(2 * fileBytes, 2 * fileBytes)
        // Both files are synced to disk at the same time rather than one after the other.
        async let outputCommitted: Void = writer.commit()
        try evidence.commit()
        try await outputCommitted

        summary.record(input: stream, output: output, evidence: evidencePath, started: started)
        let lsh = fingerprinter.parameters
        summary.parameters = [
            "permutations": .int(options.permutations),
            "shingle_unit": .string(options.shingleUnit.rawValue),
            "shingle_size": .int(options.shingleSize),
            "threshold": .double(options.threshold),
            "bands": .int(lsh.bands),
            "rows": .int(lsh.rows),
            "seed": .int(Int(truncatingIfNeeded: options.seed)),
            "hash": .string(options.hashFamily.rawValue),
            "near_duplicates": .bool(options.nearDuplicates),
        ]
        return summary
    }

    /// Adds a chunk's fingerprints in order; a record whose text could not be selected gets
    /// the invalid-record policy and keeps its position.
    private static func add(_ fingerprinted: [Result<DedupFingerprint, InvalidRecord>], to finder: inout NearDuplicateFinder,
                            rejectingInto stream: PairSource) throws {
        for outcome in fingerprinted {
            switch outcome {
            case .success(let fingerprint): finder.add(fingerprint)
            case .failure(let error):
                try stream.reject(error)
                finder.addSkipped()
            }
        }
    }

    /// How evidence names a kept record: its index among the file's records, line, and id.
    private func describe(_ record: RawRecord) -> JSONValue {
        var fields: [String: JSONValue] = [
            "index": .int(record.location.index),
            "line": .int(record.location.line),
        ]
        if let id = record.fields[idField] { fields["id"] = id }
        return .object(fields)
    }
}

/// One line pass 2 writes: a kept record to the output, or a removed one's evidence.
private enum DedupOutputLine: Sendable {
    case kept(JSONValue)
    case removed(JSONValue)

    /// The JSON Lines bytes of a chunk's output and evidence lines, with their counts.
    static func serialize(_ lines: [DedupOutputLine]) -> (kept: [UInt8], keptCount: Int, evidence: [UInt8], evidenceCount: Int) {
        var kept: [UInt8] = [], evidence: [UInt8] = []
        var keptCount = 0, evidenceCount = 0
        for line in lines {
            switch line {
            case .kept(let value):
                value.serialize(into: &kept)
                kept.append(UInt8(ascii: "\n"))
                keptCount += 1
            case .removed(let value):
                value.serialize(into: &evidence)
                evidence.append(UInt8(ascii: "\n"))
                evidenceCount += 1
            }
        }
        return (kept, keptCount, evidence, evidenceCount)
    }
}
