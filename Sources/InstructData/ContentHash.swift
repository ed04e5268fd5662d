import Crypto

/// Content-addressed identities: hex SHA-256 of text, used for snippet ids and run-store keys
/// so that the same content always gets the same id on every machine and every run.
public enum ContentHash {
    /// Full 64-hex-digit SHA-256 of the UTF-8 bytes.
    public static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// A 16-hex-digit (64-bit) prefix: short enough to read, long enough not to collide in
    /// corpora of many millions.
    public static func id(_ text: String) -> String {
        String(sha256(text).prefix(16))
    }

    /// Hash of several parts, with separators that cannot appear inside a part's length prefix.
    public static func id(parts: [String]) -> String {
        id(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|"))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The canonical form of a code snippet for hashing and de-duplication: line endings unified,
/// trailing spaces per line and blank lines at either end removed, common indentation removed.
public enum SnippetNormalizer {
    public static func normalize(_ code: String) -> String {
        var lines = code.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            return line
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        let indent = lines.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        return lines.map { $0.isEmpty ? "" : String($0.dropFirst(indent)) }.joined(separator: "\n")
    }
}

extension String {
    /// The text with CRLF and lone CR line endings turned into LF.
    public func replacingCRLF() -> String {
        guard contains("\r") else { return self }
        return replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
