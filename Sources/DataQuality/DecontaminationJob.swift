import Benchmarks
import Foundation
import InstructData

/// `decontaminate` as a library call: stream records in chunks, check each chunk on all cores,
/// write clean records unchanged to `output` and flagged ones, with every match, to `evidence`.
public struct DecontaminationJob: Sendable {
    public var input: String
    public var output: String
    public var evidencePath: String
    public var decontaminator: Decontaminator
    public var selector: TextSelector = .pair(.auto)
    public var skipInvalid = false
    public var rejectsPath: String?
    public var chunkSize = 4096

    public init(input: String, output: String, decontaminator: Decontaminator, evidencePath: String? = nil) {
        self.input = input
        self.output = output
        self.decontaminator = decontaminator
        self.evidencePath = evidencePath ?? OutputPaths.sibling(of: output, suffix: ".contaminated.jsonl")
    }

    /// Runs the job; `progress` gets (bytes consumed, total bytes) after each chunk.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) async throws -> QualitySummary {
        let started = ContinuousClock.now
        let chunkSize = max(1, self.chunkSize)
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        let stream = PairSource(path: input, skipInvalid: skipInvalid,
                                  rejectsPath: rejectsPath ?? OutputPaths.sibling(of: output, suffix: ".rejects.jsonl"))
        let writer = try JSONRecordWriter(path: output, layout: .lines)
        let evidence = try JSONRecordWriter(path: evidencePath, layout: .lines)
        var summary = QualitySummary(command: "decontaminate")
        let decontaminator = decontaminator
        let selector = selector

        // Reading (and JSON parsing) the next chunk overlaps checking the current one.
        var chunk = try stream.nextRecords(upTo: chunkSize)
        while !chunk.isEmpty {
            let current = chunk
            async let outcomes = ParallelMap.map(current) { record -> Result<[ContaminationMatch], InvalidRecord> in
                do throws(InvalidRecord) {
                    return .success(try decontaminator.check(record, selector: selector))
                } catch {
                    return .failure(error)
                }
            }
            let next = try stream.nextRecords(upTo: chunkSize)
            for (record, outcome) in zip(current, await outcomes) {
                switch outcome {
                case .failure(let error):
                    try stream.reject(error)
                case .success(let matches) where matches.isEmpty:
                    try writer.write(.object(record.fields))
                    summary.kept += 1
                case .success(let matches):
                    let method = matches.contains { $0.method == .substring } ? DecontaminationMethod.substring : .ngram
                    summary.removed[method.rawValue, default: 0] += 1
                    try evidence.write(Self.evidenceRecord(record, method: method, matches: matches))
                }
            }
            progress(stream.bytesConsumed, totalBytes)
            chunk = next
        }
        try writer.commit()
        try evidence.commit()
        try stream.finish()
        summary.record(input: stream, output: output, evidence: evidencePath, started: started)
        summary.parameters = [
            "methods": .array(decontaminator.options.methods.map { .string($0.rawValue) }),
            "ngram_size": .int(decontaminator.options.ngramSize),
            "min_shared_ngrams": .int(decontaminator.options.minimumSharedNgrams),
            "min_substring_length": .int(decontaminator.options.minimumSubstringLength),
            "ngrams_from_solutions": .bool(decontaminator.options.ngramsFromSolutions),
            "substring_patterns": .int(decontaminator.substringPatternCount),
            "short_texts_skipped": .int(decontaminator.shortTextsSkipped),
            "benchmarks": .array(decontaminator.benchmarks.map {
                .object(["name": .string($0.name), "source": .string($0.source), "tasks": .int($0.problems.count)])
            }),
        ]
        return summary
    }

    /// An evidence line: where the record was, the first match's task and method for quick
    /// reading, every match, and the record itself so nothing is lost.
    static func evidenceRecord(_ record: RawRecord, method: DecontaminationMethod, matches: [ContaminationMatch]) throws -> JSONValue {
        let first = matches.first { $0.method == method } ?? matches[0]
        return .object([
            "file": .string(record.location.file),
            "line": .int(record.location.line),
            "index": .int(record.location.index),
            "method": .string(method.rawValue),
            "benchmark": .string(first.benchmark),
            "task_id": .string(first.taskID),
            "task_ids": .array(Array(Set(matches.map(\.taskID))).sorted().map { .string($0) }),
            "matches": try JSONValue(encoding: matches),
            "record": .object(record.fields),
        ])
    }
}

extension Duration {
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
