/// Finds which of many patterns occur in a text in one pass over the text (multi-pattern
/// Rabin–Karp): every pattern is at least `window` bytes, its first `window` bytes are indexed
/// by a rolling hash, and each text position costs one rolling update and one bit test; only
/// hash hits are compared byte by byte. Checking a record is O(record + hits), not
/// O(patterns × record).
struct SubstringIndex: Sendable {
    let window: Int
    let patterns: [[UInt8]]
    private let table: [UInt64: [Int32]]
    private let filter: [UInt64]
    private let filterShift: UInt64
    /// base^(window−1), to drop the leaving byte from the rolling hash.
    private let leadingPower: UInt64
    private static let base: UInt64 = 0x0000_0100_0000_01B3
    private static let filterBits = 20

    /// `patterns` shorter than `window` are never found; callers leave them out.
    init(patterns: [[UInt8]], window: Int) {
        precondition(window > 0, "window must be positive")
        self.window = window
        self.patterns = patterns
        var power: UInt64 = 1
        for _ in 1..<max(window, 1) { power = power &* Self.base }
        leadingPower = power
        filterShift = UInt64(64 - Self.filterBits)
        var table: [UInt64: [Int32]] = [:]
        var filter = [UInt64](repeating: 0, count: (1 << Self.filterBits) / 64)
        for (index, pattern) in patterns.enumerated() where pattern.count >= window {
            var hash: UInt64 = 0
            for byte in pattern[0..<window] { hash = hash &* Self.base &+ UInt64(byte) }
            table[hash, default: []].append(Int32(index))
            let bit = Self.filterSlot(hash, shift: filterShift)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.table = table
        self.filter = filter
    }

    @inline(__always)
    private static func filterSlot(_ hash: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Indexes of the patterns that occur in `text`, each once, in order of first occurrence.
    func matches(in text: [UInt8]) -> [Int] {
        guard text.count >= window, !table.isEmpty else { return [] }
        var found: [Int] = []
        text.withUnsafeBufferPointer { bytes in
            filter.withUnsafeBufferPointer { filter in
                var hash: UInt64 = 0
                for index in 0..<window { hash = hash &* Self.base &+ UInt64(bytes[index]) }
                var start = 0
                while true {
                    let bit = Self.filterSlot(hash, shift: filterShift)
                    if filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0, let candidates = table[hash] {
                        for candidate in candidates {
                            let pattern = patterns[Int(candidate)]
                            if start + pattern.count <= bytes.count,
                               !found.contains(Int(candidate)),
                               Self.equal(pattern, bytes, at: start) {
                                found.append(Int(candidate))
                            }
                        }
                    }
                    let next = start + window
                    guard next < bytes.count else { break }
                    hash = (hash &- UInt64(bytes[start]) &* leadingPower) &* Self.base &+ UInt64(bytes[next])
                    start += 1
                }
            }
        }
        return found
    }

    private static func equal(_ pattern: [UInt8], _ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        pattern.withUnsafeBufferPointer { pattern in
            guard let patternBase = pattern.baseAddress, let textBase = text.baseAddress else { return pattern.isEmpty }
            return memcmp(patternBase, textBase + start, pattern.count) == 0
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
