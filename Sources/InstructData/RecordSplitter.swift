/// Cuts a byte stream into the texts of single records, tracking line numbers: lines of a
/// JSONL file, or the top-level elements of a JSON array (found by a small scanner that
/// follows strings and nesting, so the array is never parsed whole).
struct RecordSplitter {
    struct Chunk {
        var bytes: ArraySlice<UInt8>
        /// 1-based line where the record's text starts.
        var line: Int
        /// Set when the text is known to be unusable before JSON parsing (e.g. a truncated array).
        var problem: String?
    }

    private enum Layout { case unknown, lines, array, arrayEnded }

    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var layout = Layout.unknown
    private var endOfInput = false
    private static let chunkSize = 1 << 20

    private let counter: FileByteSource?

    init(source: ByteSource, counter: FileByteSource? = nil) {
        self.source = source
        self.counter = counter
    }

    /// Bytes read from the underlying file so far.
    var bytesConsumed: Int { counter?.bytesRead ?? 0 }

    mutating func nextChunk() throws -> Chunk? {
        if layout == .unknown { try detectLayout() }
        switch layout {
        case .lines: return try nextLine()
        case .array: return try nextElement()
        case .arrayEnded, .unknown: return nil
        }
    }

    // MARK: - Buffer

    /// Reads more input, dropping what was consumed. Returns false at the end of input.
    private mutating func refill() throws -> Bool {
        guard !endOfInput else { return false }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let got = try source.read(into: &buffer, maxCount: Self.chunkSize)
        if got == 0 { endOfInput = true }
        return got > 0
    }

    private mutating func detectLayout() throws {
        while true {
            while position < buffer.count {
                let byte = buffer[position]
                if byte == 0xEF, position + 2 < buffer.count, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
                    position += 3  // UTF-8 byte-order mark
                    continue
                }
                if !Self.isWhitespace(byte) {
                    layout = byte == UInt8(ascii: "[") ? .array : .lines
                    if layout == .array { position += 1 }
                    return
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                position += 1
            }
            if try !refill() {
                layout = .arrayEnded  // empty input: no records
                return
            }
        }
    }

    // MARK: - JSONL

    private mutating func nextLine() throws -> Chunk? {
        while true {
            if let newline = firstNewline(from: position) {
                let start = position
                let lineNumber = line
                position = newline + 1
                line += 1
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if Self.isBlank(buffer[start..<end]) { continue }
                return Chunk(bytes: buffer[start..<end], line: lineNumber)
            }
            if try !refill() {
                guard position < buffer.count else { return nil }
                let start = position
                position = buffer.count
                var end = buffer.count
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if Self.isBlank(buffer[start..<end]) { return nil }
                return Chunk(bytes: buffer[start..<end], line: line)
            }
        }
    }

    private func firstNewline(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { pointer -> Int? in
            guard start < pointer.count, let base = pointer.baseAddress else { return nil }
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), pointer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    // MARK: - JSON array

    private mutating func nextElement() throws -> Chunk? {
        // Skip whitespace and separators up to the next element or the closing bracket.
        while true {
            if position >= buffer.count {
                if try !refill() {
                    layout = .arrayEnded
                    return Chunk(bytes: [], line: line, problem: "the JSON array is not closed (file ends early)")
                }
                continue
            }
            let byte = buffer[position]
            if byte == UInt8(ascii: "\n") { line += 1 }
            if Self.isWhitespace(byte) || byte == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if byte == UInt8(ascii: "]") {
                position += 1
                layout = .arrayEnded
                return try trailingGarbage()
            }
            break
        }
        // Scan one element; on running out of buffer, read more and scan again from its start.
        while true {
            if let end = scanElement(from: position) {
                let start = position
                let startLine = line
                line += countNewlines(buffer[start..<end])
                position = end
                return Chunk(bytes: buffer[start..<end], line: startLine)
            }
            if try !refill() {
                let start = position
                position = buffer.count
                layout = .arrayEnded
                return Chunk(bytes: buffer[start...], line: line,
                             problem: "the JSON array ends inside this element (file truncated?)")
            }
        }
    }

    private mutating func trailingGarbage() throws -> Chunk? {
        while true {
            while position < buffer.count {
                let byte = buffer[position]
                if byte == UInt8(ascii: "\n") { line += 1 }
                if !Self.isWhitespace(byte) {
                    let start = position
                    position = buffer.count
                    return Chunk(bytes: buffer[start...].prefix(200), line: line,
                                 problem: "unexpected text after the end of the JSON array")
                }
                position += 1
            }
            if try !refill() { return nil }
        }
    }

    /// The end index (exclusive) of the JSON value starting at `start`, or nil if the buffer
    /// ends first.
    private func scanElement(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            var i = start
            var depth = 0
            var inString = false
            let first = bytes[start]
            let isContainer = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            while i < bytes.count {
                let byte = bytes[i]
                if inString {
                    if byte == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") {
                        inString = false
                        if !isContainer { return i + 1 }
                    }
                    i += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !isContainer { return i }
                    depth -= 1
                    if depth == 0 { return i + 1 }
                case UInt8(ascii: ","):
                    if !isContainer { return i }
                default:
                    if !isContainer && Self.isWhitespace(byte) { return i }
                }
                i += 1
            }
            return nil
        }
    }

    private func countNewlines(_ slice: ArraySlice<UInt8>) -> Int {
        var count = 0
        for byte in slice where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    static func isBlank(_ slice: ArraySlice<UInt8>) -> Bool {
        slice.allSatisfy(isWhitespace)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
