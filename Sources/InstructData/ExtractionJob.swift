import Foundation

/// The figures of one extraction run. `read` = `kept` + sum of `dropped` + `invalid_lines`
/// always holds: every record is counted once, as kept (at least one snippet written), dropped
/// (for the reason of its first dropped block), or invalid.
public struct ExtractionSummary: Sendable, Codable, Equatable {
    public var read = 0
    public var kept = 0
    public var snippets = 0
    public var dropped: [String: Int] = [:]
    public var invalidLines = 0
    /// With `allBlocks`, blocks dropped from records that still kept another block.
    public var blocksDropped = 0
    public var output = ""
    public var rejects: String?
    public var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case read, kept, snippets, dropped, output, rejects, seconds
        case invalidLines = "invalid_lines"
        case blocksDropped = "blocks_dropped"
    }

    public init() {}
}

/// `extract` as a library call: stream pairs in, snippets out, in batches.
public struct ExtractionJob {
    public var input: String
    public var output: String
    public var mapping: FieldMapping = .auto
    public var options = ExtractionOptions()
    public var skipInvalid = false
    public var rejectsPath: String?
    public var batchSize = 512

    public init(input: String, output: String) {
        self.input = input
        self.output = output
    }

    /// Runs the extraction; `progress` gets (bytes consumed, total bytes) after each batch.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> ExtractionSummary {
        let started = ContinuousClock.now
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        let source = PairSource(path: input, mapping: mapping, skipInvalid: skipInvalid,
                                rejectsPath: rejectsPath ?? Self.defaultRejectsPath(for: output))
        let writer = try JSONRecordWriter(path: output, layout: .lines)
        let extractor = try SnippetExtractor(options: options, checker: PythonSyntaxChecker())
        var summary = ExtractionSummary()
        summary.output = output
        var batch: [InstructionPair] = []
        batch.reserveCapacity(batchSize)

        func flush() throws {
            for outcome in try extractor.extract(batch) {
                if outcome.snippets.isEmpty {
                    let reason = outcome.drops.first ?? .noCode
                    summary.dropped[reason.rawValue, default: 0] += 1
                } else {
                    summary.kept += 1
                    summary.blocksDropped += outcome.drops.count
                }
                for snippet in outcome.snippets {
                    try writer.write(snippet.json)
                    summary.snippets += 1
                }
            }
            batch.removeAll(keepingCapacity: true)
            progress(source.bytesConsumed, totalBytes)
        }

        while let pair = try source.next() {
            batch.append(pair)
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        try writer.commit()
        try source.finish()
        summary.read = source.read
        summary.invalidLines = source.invalid
        summary.rejects = source.writtenRejectsPath
        summary.seconds = (ContinuousClock.now - started).secondsValue
        return summary
    }

    public static func defaultRejectsPath(for output: String) -> String {
        OutputPaths.sibling(of: output, suffix: ".rejects.jsonl")
    }
}

extension Duration {
    var secondsValue: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
