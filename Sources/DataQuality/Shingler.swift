/// What a shingle is made of.
public enum ShingleUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// `size` consecutive whitespace-separated words of the lowercased text.
    case word
    /// `size` consecutive bytes of the normalized (lowercased, whitespace-collapsed) text.
    case character
}

/// Turns text into the hashes of its shingles, the set MinHash estimates Jaccard similarity
/// over: 64-bit `FastHash` values for the fast family, `sha1_hash32` values (datasketch's) for
/// the datasketch family. Word shingles are the lowercased text split on whitespace and rejoined with
/// single spaces (Python: `" ".join(text.lower().split()[i:i+n])`); text shorter than one
/// shingle is one shingle of all of it, and empty text has none.
public struct Shingler: Sendable, Hashable {
    public var unit: ShingleUnit
    public var size: Int
    public var family: MinHashFamily
    static let seed: UInt64 = 0x7368_696E_676C_6573

    public init(unit: ShingleUnit = .word, size: Int = 5, family: MinHashFamily = .fast) {
        precondition(size > 0, "shingle size must be positive")
        self.unit = unit
        self.size = size
        self.family = family
    }

    @inline(__always)
    private func hash(_ shingle: UnsafeRawBufferPointer) -> UInt64 {
        switch family {
        case .fast: FastHash.hash(shingle, seed: Self.seed)
        case .datasketch: UInt64(SHA1Hash32.hash(shingle))
        }
    }

    public func hashes(of text: String) -> [UInt64] {
        hashes(ofNormalized: TextNormalizer.normalizedBytes(text))
    }

    public func hashes(ofNormalized text: [UInt8]) -> [UInt64] {
        guard !text.isEmpty else { return [] }
        return text.withUnsafeBytes { raw -> [UInt64] in
            switch unit {
            case .character:
                guard text.count > size else { return [hash(raw)] }
                return (0...(text.count - size)).map { hash(UnsafeRawBufferPointer(rebasing: raw[$0..<($0 + size)])) }
            case .word:
                // Normalized text has single spaces between words, so word i starts after space i−1.
                var starts: [Int] = [0]
                var ends: [Int] = []
                for (index, byte) in text.enumerated() where byte == 0x20 {
                    ends.append(index)
                    starts.append(index + 1)
                }
                ends.append(text.count)
                guard starts.count > size else { return [hash(raw)] }
                return (0...(starts.count - size)).map { hash(UnsafeRawBufferPointer(rebasing: raw[starts[$0]..<ends[$0 + size - 1]])) }
            }
        }
    }
}
