/// The comparison form of text that decontamination and de-duplication share: lowercased, every
/// run of whitespace one space, no leading or trailing space — Python's
/// `" ".join(text.lower().split())`, whitespace being what `str.split()` splits on (ASCII
/// whitespace and the file/group/record/unit separators, NEL, no-break spaces, the Unicode
/// space separators), so word shingles match the ones Python tools such as datasketch users
/// build. Works on UTF-8 bytes so matching and hashing never pay for `Character` handling.
public enum TextNormalizer {
    /// Lowercased UTF-8 bytes with whitespace runs collapsed to a single space and trimmed.
    public static func normalizedBytes(_ text: String) -> [UInt8] {
        var source = text
        var isASCII = true
        // Written straight into the array's storage: this runs over every byte of every record.
        var out = source.withUTF8 { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, written in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    if byte >= 0x80 {
                        isASCII = false
                        break
                    }
                    if isSpace(byte) {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        buffer[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    count += 1
                }
                written = count
            }
        }
        if isASCII { return out }
        // Rare: non-ASCII text starts again, scalar by scalar, to see the non-ASCII spaces.
        out.removeAll(keepingCapacity: true)
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(contentsOf: scalar.utf8)
        }
        return out
    }

    public static func normalized(_ text: String) -> String {
        String(decoding: normalizedBytes(text), as: UTF8.self)
    }

    /// ASCII whitespace as Python's `str.split()` sees it: tab to carriage return, the four
    /// information separators 0x1C–0x1F, and space.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)
    }

    /// Python's `str.isspace()` for one code point (CPython's `_PyUnicode_IsWhitespace`).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Byte ranges of the words of normalized text for n-gram matching: whitespace-separated
    /// tokens with punctuation at either end stripped (`numbers,` → `numbers`, `range(n):` →
    /// `range(n`), empty ones dropped. A token keeps inner punctuation, so code n-grams span
    /// real code and not a handful of one-letter pieces.
    public static func wordRanges(_ normalized: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(normalized.count / 5)
        var start = 0
        let count = normalized.count
        while start < count {
            var end = start
            while end < count, normalized[end] != 0x20 { end += 1 }
            var lower = start, upper = end
            while lower < upper, isEdgePunctuation(normalized[lower]) { lower += 1 }
            while upper > lower, isEdgePunctuation(normalized[upper - 1]) { upper -= 1 }
            if lower < upper { ranges.append(lower..<upper) }
            start = end + 1
        }
        return ranges
    }

    /// ASCII punctuation and symbols: what is stripped from the ends of a token.
    @inline(__always)
    static func isEdgePunctuation(_ byte: UInt8) -> Bool {
        byte < 0x80 && !isWordByte(byte) && byte != 0x20
    }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte >= 0x80
            || (byte >= 0x41 && byte <= 0x5A)
    }
}
