import Foundation
import InstructData

/// The records of a dataset file, streamed, with the project's policy for bad records: by default
/// the first one stops the command (`file:line: reason`); with `skipInvalid` each goes to a
/// rejects file (same layout as `PairSource`'s) and is counted, and reading goes on. Records that
/// parse but lack the texts a check needs are routed through the same policy by `reject`.
public final class RecordStream {
    public let path: String
    public let skipInvalid: Bool
    public let rejectsPath: String?
    /// Records read, valid or not.
    public private(set) var read = 0
    public private(set) var invalid = 0
    private var iterator: DatasetReader.Iterator
    private var rejects: JSONRecordWriter?

    public init(path: String, skipInvalid: Bool = false, rejectsPath: String? = nil) {
        self.path = path
        self.skipInvalid = skipInvalid
        self.rejectsPath = rejectsPath
        self.iterator = DatasetReader(path: path).makeIterator()
    }

    public var bytesConsumed: Int { iterator.bytesConsumed }

    /// The next record that parsed as a JSON object, or nil at the end.
    public func next() throws -> RawRecord? {
        while let item = try iterator.nextItem() {
            read += 1
            switch item {
            case .record(let record): return record
            case .invalid(let error): try reject(error)
            }
        }
        return nil
    }

    /// Up to `count` records.
    public func next(upTo count: Int) throws -> [RawRecord] {
        var chunk: [RawRecord] = []
        chunk.reserveCapacity(count)
        while chunk.count < count, let record = try next() { chunk.append(record) }
        return chunk
    }

    /// Applies the invalid-record policy: throws unless skipping, else records the rejection.
    public func reject(_ error: InvalidRecord) throws {
        guard skipInvalid else { throw error }
        invalid += 1
        guard let rejectsPath else { return }
        if rejects == nil { rejects = try JSONRecordWriter(path: rejectsPath, layout: .lines) }
        try rejects?.write(.object([
            "file": .string(error.location.file),
            "line": .int(error.location.line),
            "index": .int(error.location.index),
            "reason": .string(error.reason),
            "text": .string(error.text),
        ]))
    }

    /// Writes the rejects file (only when something was rejected).
    public func finish() throws {
        try rejects?.commit()
    }

    public var writtenRejectsPath: String? { rejects == nil ? nil : rejectsPath }

    /// `OUTPUT` with its extension replaced by `suffix`, beside it (`out.jsonl` → `out.rejects.jsonl`).
    public static func siblingPath(of output: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: output)
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(base + suffix).path
    }
}
