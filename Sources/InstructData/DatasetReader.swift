import Foundation

/// One item of a dataset stream: a JSON object with its location, or a record that could not
/// be read (the stream goes on after it).
public enum DatasetItem: Sendable {
    case record(RawRecord)
    case invalid(InvalidRecord)
}

public struct RawRecord: Sendable {
    public var fields: [String: JSONValue]
    public var location: SourceLocation

    public init(fields: [String: JSONValue], location: SourceLocation) {
        self.fields = fields
        self.location = location
    }
}

/// Streams the records of a JSONL file (one object per line) or a JSON-array file, plain or
/// gzip-compressed, in constant memory. The layout is detected from the first non-blank byte.
public struct DatasetReader: Sequence {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func makeIterator() -> Iterator {
        Iterator(path: path)
    }

    /// Reads the whole stream, for callers that want every item (tests, small files).
    public func items() throws -> [DatasetItem] {
        var iterator = makeIterator()
        var all: [DatasetItem] = []
        while let item = try iterator.nextItem() { all.append(item) }
        return all
    }

    public struct Iterator: IteratorProtocol {
        private let path: String
        private var splitter: RecordSplitter?
        private var openError: Error?
        private var index = 0
        private let decoder = JSONDecoder()

        init(path: String) {
            self.path = path
            do {
                let file = try FileByteSource(path: path)
                let head = try FileByteSource.peek(path: path, count: 2)
                let source: ByteSource = head == [0x1F, 0x8B] ? try GzipByteSource(upstream: file, name: path) : file
                splitter = RecordSplitter(source: source, counter: file)
            } catch {
                openError = error
            }
        }

        /// `IteratorProtocol` cannot throw; I/O errors end the sequence. Use `nextItem()` to
        /// see them.
        /// Bytes read from the file so far (compressed bytes for gzip input).
        public var bytesConsumed: Int { splitter?.bytesConsumed ?? 0 }

        public mutating func next() -> DatasetItem? {
            try? nextItem()
        }

        public mutating func nextItem() throws -> DatasetItem? {
            if let openError { throw openError }
            guard var current = splitter else { return nil }
            defer { splitter = current }
            guard let chunk = try current.nextChunk() else { return nil }
            let location = SourceLocation(file: path, line: chunk.line, index: index)
            index += 1
            if let problem = chunk.problem {
                return .invalid(InvalidRecord(location: location, reason: problem, text: Self.preview(chunk.bytes)))
            }
            do {
                let value = try JSONParser.parse(chunk.bytes)
                guard case .object(let fields) = value else {
                    return .invalid(InvalidRecord(
                        location: location, reason: "expected a JSON object, found \(value.typeName)",
                        text: Self.preview(chunk.bytes)))
                }
                return .record(RawRecord(fields: fields, location: location))
            } catch {
                return .invalid(InvalidRecord(
                    location: location, reason: "invalid JSON: \(error.message)", text: Self.preview(chunk.bytes)))
            }
        }

        static func preview(_ bytes: ArraySlice<UInt8>) -> String {
            let limit = 64 * 1024
            let cut = bytes.count > limit ? bytes.prefix(limit) : bytes
            return String(decoding: cut, as: UTF8.self)
        }
    }
}
