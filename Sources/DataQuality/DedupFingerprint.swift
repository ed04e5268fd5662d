/// What de-duplication needs of one record: a 128-bit hash of its normalized text for exact
/// duplicates, and its LSH band keys for near duplicates. Computed in parallel; small to keep.
public struct DedupFingerprint: Sendable, Hashable {
    public struct ExactKey: Sendable, Hashable {
        public var high: UInt64
        public var low: UInt64

        public init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }
    }

    public var exact: ExactKey
    /// Empty when the text has no shingles (empty text) or near duplicates are off.
    public var bandKeys: [UInt64]

    public init(exact: ExactKey, bandKeys: [UInt64]) {
        self.exact = exact
        self.bandKeys = bandKeys
    }
}

/// Computes fingerprints; immutable and `Sendable`, so one instance serves every core.
/// `options.problems` must be empty (`DedupJob` checks; the CLI validates).
public struct DedupFingerprinter: Sendable {
    public let options: DedupOptions
    public let parameters: LSHParameters
    public let shingler: Shingler
    public let hasher: MinHasher

    public init(options: DedupOptions) {
        self.options = options
        parameters = options.lshParameters
        shingler = Shingler(unit: options.shingleUnit, size: options.shingleSize, family: options.hashFamily)
        hasher = MinHasher(permutations: options.permutations, seed: options.seed, family: options.hashFamily)
    }

    public func fingerprint(_ text: String) -> DedupFingerprint {
        let normalized = TextNormalizer.normalizedBytes(text)
        let exact = DedupFingerprint.ExactKey(high: FastHash.hash(normalized, seed: 0x6578_6163_7431),
                                              low: FastHash.hash(normalized, seed: 0x6578_6163_7432))
        guard options.nearDuplicates else { return DedupFingerprint(exact: exact, bandKeys: []) }
        let shingles = shingler.hashes(ofNormalized: normalized)
        guard !shingles.isEmpty else { return DedupFingerprint(exact: exact, bandKeys: []) }
        return DedupFingerprint(exact: exact, bandKeys: MinHasher.bandKeys(of: signature(shingles), parameters: parameters))
    }

    /// The MinHash signature of a text's shingles.
    public func signature(_ text: String) -> [UInt32] {
        signature(shingler.hashes(of: text))
    }

    private func signature(_ shingles: [UInt64]) -> [UInt32] {
        hasher.signature(of: shingles)
    }
}
