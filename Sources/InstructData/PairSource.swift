/// The instruction pairs (or raw records) of a dataset file, with the project's policy for bad records: by
/// default the first one stops the command (`file:line: reason`); with `skipInvalid` each is
/// written to a rejects file (line number, reason, raw text) and counted, and reading goes on.
public final class PairSource {
    public let path: String
    public let mapping: FieldMapping
    public let skipInvalid: Bool
    public let rejectsPath: String?
    public private(set) var read = 0
    public private(set) var invalid = 0
    private var iterator: DatasetReader.Iterator
    private var rejects: JSONRecordWriter?

    public init(path: String, mapping: FieldMapping = .auto, skipInvalid: Bool = false, rejectsPath: String? = nil) {
        self.path = path
        self.mapping = mapping
        self.skipInvalid = skipInvalid
        self.rejectsPath = rejectsPath
        self.iterator = DatasetReader(path: path).makeIterator()
    }

    /// Bytes of the input file consumed so far (compressed bytes for .gz), for progress.
    public var bytesConsumed: Int { iterator.bytesConsumed }

    /// The next usable pair, or nil at the end. Throws `InvalidRecord` for a bad record unless
    /// skipping, and I/O errors always.
    public func next() throws -> InstructionPair? {
        while let item = try iterator.nextItem() {
            read += 1
            switch item {
            case .record(let record):
                do {
                    return try mapping.map(record)
                } catch {
                    try reject(error)
                }
            case .invalid(let error):
                try reject(error)
            }
        }
        return nil
    }

    /// Raw records with the same invalid-record policy, for commands that are not about pairs.
    public func nextRecord() throws -> RawRecord? {
        while let item = try iterator.nextItem() {
            read += 1
            switch item {
            case .record(let record): return record
            case .invalid(let error): try reject(error)
            }
        }
        return nil
    }

    /// Up to `count` raw records (fewer at the end of the file).
    public func nextRecords(upTo count: Int) throws -> [RawRecord] {
        var chunk: [RawRecord] = []
        chunk.reserveCapacity(count)
        while chunk.count < count, let record = try nextRecord() { chunk.append(record) }
        return chunk
    }

    /// Applies the invalid-record policy to a record that parsed but cannot be used: throws
    /// unless skipping, else counts it and writes it to the rejects file.
    public func reject(_ error: InvalidRecord) throws {
        guard skipInvalid else { throw error }
        invalid += 1
        if rejects == nil, let rejectsPath { rejects = try JSONRecordWriter(path: rejectsPath, layout: .lines) }
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

    /// The rejects file that was written, if any.
    public var writtenRejectsPath: String? { rejects == nil ? nil : rejectsPath }
}
