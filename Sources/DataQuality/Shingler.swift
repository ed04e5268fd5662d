/// What a shingle is made of.
public enum ShingleUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// `size` consecutive whitespace-separated words of the lowercased text.
    case word
    /// `size` consecutive bytes of the normalized (lowercased, whitespace-collapsed) text.
    case character
}

/// Turns text into the 64-bit hashes of its shingles, the set MinHash estimates Jaccard
/// similarity over. Word shingles are the lowercased text split on whitespace and rejoined with
/// single spaces (Python: `" ".join(text.lower().split()[i:i+n])`); text shorter than one
/// shingle is one shingle of all of it, and empty text has none.
public struct Shingler: Sendable, Hashable {
    public var unit: ShingleUnit
    public var size: Int
    static let seed: UInt64 = 0x7368_696E_676C_6573

    public init(unit: ShingleUnit = .word, size: Int = 5) {
        precondition(size > 0, "shingle size must be positive")
        self.unit = unit
        self.size = size
    }

    public func hashes(of text: String) -> [UInt64] {
        hashes(ofNormalized: TextNormalizer.normalizedBytes(text))
    }

    public func hashes(ofNormalized text: [UInt8]) -> [UInt64] {
        guard !text.isEmpty else { return [] }
        return text.withUnsafeBytes { raw -> [UInt64] in
            switch unit {
            case .character:
                guard text.count > size else { return [FastHash.hash(raw, seed: Self.seed)] }
                return (0...(text.count - size)).map {
                    FastHash.hash(UnsafeRawBufferPointer(rebasing: raw[$0..<($0 + size)]), seed: Self.seed)
                }
            case .word:
                // Normalized text has single spaces between words, so word i starts after space i−1.
                var starts: [Int] = [0]
                var ends: [Int] = []
                for (index, byte) in text.enumerated() where byte == 0x20 {
                    ends.append(index)
                    starts.append(index + 1)
                }
                ends.append(text.count)
                guard starts.count > size else { return [FastHash.hash(raw, seed: Self.seed)] }
                return (0...(starts.count - size)).map {
                    FastHash.hash(UnsafeRawBufferPointer(rebasing: raw[starts[$0]..<ends[$0 + size - 1]]), seed: Self.seed)
                }
            }
        }
    }
}
