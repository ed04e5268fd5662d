import Foundation
import InstructData

/// Reads evalplus's HumanEvalPlus / MbppPlus files (JSONL, optionally .gz). Their test inputs
/// are Python's JSON, not strict JSON: integers of 60+ digits (HumanEval/131) and `Infinity`
/// (Mbpp/404). Parsing them in Swift would turn the first into doubles and reject the second,
/// so `base_input` and `plus_input` are kept as the file's own text, for Python's `json` in the
/// sandbox to read exactly as evalplus does; every other field is parsed as usual.
enum EvalPlusFile {
    /// The fields kept as text.
    static let rawFields: Set<String> = ["base_input", "plus_input"]

    /// Whether the file is in evalplus's format: its first record has `base_input`.
    static func isEvalPlus(path: String) throws -> Bool {
        guard let firstLine = try lines(path: path, limit: 1).first else { return false }
        return (try? scan(firstLine.bytes))?.raw["base_input"] != nil
    }

    /// Each record: the parsed fields and the raw text of `base_input` / `plus_input`.
    static func records(path: String) throws -> [(record: RawRecord, raw: [String: String])] {
        var records: [(record: RawRecord, raw: [String: String])] = []
        for line in try lines(path: path) {
            let location = SourceLocation(file: path, line: line.number, index: records.count)
            do {
                let (fields, raw) = try scan(line.bytes)
                records.append((record: RawRecord(fields: fields, location: location), raw: raw))
            } catch let error as JSONParser.SyntaxError {
                throw ToolError(.invalidInput, "\(location): invalid JSON: \(error.message)")
            } catch let error as ScanError {
                throw ToolError(.invalidInput, "\(location): invalid JSON: \(error.message)")
            }
        }
        return records
    }

    /// The non-blank lines of the (decompressed) file, with their 1-based numbers. The files
    /// are a few MB, so the whole stream is read at once.
    static func lines(path: String, limit: Int = .max) throws -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        guard FileManager.default.fileExists(atPath: path) else { throw ToolError(.invalidInput, "\(path): no such problems file") }
        var head: [UInt8] = []
        _ = try FileByteSource(path: path).read(into: &head, maxCount: 2)
        let file = try FileByteSource(path: path)
        let source: ByteSource = head == [0x1F, 0x8B] ? try GzipByteSource(upstream: file, name: path) : file
        var all: [UInt8] = []
        while try source.read(into: &all, maxCount: 1 << 20) > 0 {
            if limit == 1, all.contains(0x0A) { break }  // the first line is enough to detect the format
        }
        var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        for (offset, line) in all.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard lines.count < limit else { break }
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { lines.append((number: offset + 1, bytes: line)) }
        }
        return lines
    }

    /// Splits one top-level JSON object into parsed fields and, for `rawFields`, their text.
    static func scan(_ line: ArraySlice<UInt8>) throws -> (fields: [String: JSONValue], raw: [String: String]) {
        var scanner = Scanner(bytes: Array(line))
        var fields: [String: JSONValue] = [:]
        var raw: [String: String] = [:]
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "{"))
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "}") { return (fields, raw) }
        while true {
            scanner.skipWhitespace()
            let keyStart = scanner.index
            try scanner.skipString()
            guard case .string(let key) = try JSONParser.parse(scanner.bytes[keyStart..<scanner.index]) else {
                throw ScanError(message: "expected a key")
            }
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            let valueStart = scanner.index
            try scanner.skipValue()
            let value = scanner.bytes[valueStart..<scanner.index]
            if rawFields.contains(key) {
                raw[key] = String(decoding: value, as: UTF8.self)
            } else {
                fields[key] = try JSONParser.parse(value)
            }
            scanner.skipWhitespace()
            if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
            try scanner.expect(UInt8(ascii: "}"))
            return (fields, raw)
        }
    }

    struct ScanError: Error {
        var message: String
    }

    /// Finds where a JSON (or Python-JSON) value ends without building it.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        func error(_ message: String) -> ScanError {
            ScanError(message: "\(message) at column \(index + 1)")
        }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
            index += 1
        }

        mutating func skipString() throws {
            try expect(UInt8(ascii: "\""))
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { return }
            }
            throw error("unterminated string")
        }

        /// Strings are skipped whole; brackets are counted; anything else (numbers, literals,
        /// NaN, Infinity) runs to the next delimiter.
        mutating func skipValue() throws {
            var depth = 0
            repeat {
                skipWhitespace()
                guard let byte = peek else { throw error("unexpected end of the record") }
                switch byte {
                case UInt8(ascii: "\""): try skipString()
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; index += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    guard depth > 0 else { throw error("unexpected '\(Character(Unicode.Scalar(byte)))'") }
                    depth -= 1; index += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"):
                    guard depth > 0 else { throw error("unexpected '\(Character(Unicode.Scalar(byte)))'") }
                    index += 1
                default:
                    let start = index
                    while let next = peek, !Self.delimiters.contains(next) { index += 1 }
                    if index == start { throw error("unexpected byte") }
                }
            } while depth > 0
        }

        static let delimiters: Set<UInt8> = [0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: ":"),
                                             UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "{"),
                                             UInt8(ascii: "\"")]
    }

    /// The number of elements of a JSON array's text (`[[1], [2]]` → 2). Mbpp/793's
    /// `plus_input` is `{}`, which evalplus iterates as no inputs.
    static func elementCount(_ text: String) throws -> Int {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.skipWhitespace()
        if text.trimmingWhitespace() == "{}" { return 0 }
        try scanner.expect(UInt8(ascii: "["))
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "]") { return 0 }
        var count = 0
        while true {
            try scanner.skipValue()
            count += 1
            scanner.skipWhitespace()
            if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
            try scanner.expect(UInt8(ascii: "]"))
            return count
        }
    }
}
