import CMinHash

/// MinHash signatures, computed eight permutations at a time in SIMD lanes, for one of two hash
/// families (`MinHashFamily`); the same seed gives the same signatures on every machine.
///
/// - fast: permutation i maps a shingle's 32-bit hash x to fmix32(x ⊕ seedᵢ) (MurmurHash3's
///   finalizer, a bijection), seeds from SplitMix64 of the run's seed.
/// - datasketch: datasketch 2.0's "affine32" scheme: x is pre-mixed once with fmix32, then
///   permutation i maps it to aᵢ·x + bᵢ mod 2³² (aᵢ odd), with aᵢ = 2·randint(0, 2³¹) + 1 for all
///   i, then bᵢ = randint(0, 2³²) for all i, drawn in that order from
///   `np.random.RandomState(seed)`; an empty set gives all `UInt32.max`, as in datasketch.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let seed: UInt64
    public let family: MinHashFamily
    /// fast: the per-permutation seeds, eight to a vector.
    private let seeds: [SIMD8<UInt32>]
    /// datasketch: the multipliers aᵢ and addends bᵢ (empty for the fast family).
    private let multipliers: [UInt32]
    private let addends: [UInt32]

    /// For the datasketch family `seed` must fit in 32 bits (numpy's `RandomState` rejects
    /// larger seeds); `DedupOptions.problems` says so before this is reached.
    public init(permutations: Int = 128, seed: UInt64 = 1, family: MinHashFamily = .fast) {
        precondition(permutations > 0, "permutations must be positive")
        self.permutations = permutations
        self.seed = seed
        self.family = family
        switch family {
        case .fast:
            // Mixed first so that nearby seeds (1, 2…) give unrelated families, not shifted copies.
            let base = FastHash.splitMix(seed ^ 0x6D69_6E68_6173_6821)
            seeds = Self.vectors(permutations) { UInt32(truncatingIfNeeded: FastHash.splitMix(base &+ UInt64($0))) }
            multipliers = []
            addends = []
        case .datasketch:
            precondition(seed <= UInt64(UInt32.max), "datasketch MinHash seeds must fit in 32 bits")
            var random = LegacyRandomState(seed: UInt32(seed))
            multipliers = (0..<permutations).map { _ in random.uniformUInt32(below: 1 << 31) &* 2 &+ 1 }
            addends = (0..<permutations).map { _ in random.uniformUInt32(below: 1 << 32) }
            seeds = []
        }
    }

    /// Packs per-permutation values into SIMD8 lanes; lanes past `count` are zero and are
    /// dropped from signatures.
    private static func vectors(_ count: Int, _ value: (Int) -> UInt32) -> [SIMD8<UInt32>] {
        (0..<((count + 7) / 8)).map { vector in
            var lanes = SIMD8<UInt32>()
            for lane in 0..<8 where vector * 8 + lane < count { lanes[lane] = value(vector * 8 + lane) }
            return lanes
        }
    }

    /// The permutation parameters (a, b) of the datasketch family, as datasketch's
    /// `MinHash.permutations`; empty for the fast family.
    public var datasketchPermutations: (a: [UInt32], b: [UInt32]) { (multipliers, addends) }

    /// The signature of a set of shingle hashes: for each permutation, the least image.
    /// An empty set gives all `UInt32.max`. The datasketch family reads the low 32 bits of each
    /// hash (`sha1_hash32` values, as `Shingler` makes them for that family).
    public func signature(of shingleHashes: [UInt64]) -> [UInt32] {
        switch family {
        case .fast: fastSignature(of: shingleHashes)
        case .datasketch: datasketchSignature(of: shingleHashes)
        }
    }

    private func fastSignature(of shingleHashes: [UInt64]) -> [UInt32] {
        var minimums = [SIMD8<UInt32>](repeating: SIMD8(repeating: .max), count: seeds.count)
        minimums.withUnsafeMutableBufferPointer { minimums in
            seeds.withUnsafeBufferPointer { seeds in
                for hash in shingleHashes {
                    let value = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: hash ^ (hash >> 32)))
                    for vector in 0..<seeds.count {
                        var mixed = value ^ seeds[vector]
                        mixed ^= mixed &>> 16
                        mixed &*= 0x85EB_CA6B
                        mixed ^= mixed &>> 13
                        mixed &*= 0xC2B2_AE35
                        mixed ^= mixed &>> 16
                        minimums[vector] = pointwiseMin(minimums[vector], mixed)
                    }
                }
            }
        }
        var signature: [UInt32] = []
        signature.reserveCapacity(minimums.count * 8)
        for vector in minimums {
            for lane in 0..<8 { signature.append(vector[lane]) }
        }
        signature.removeLast(signature.count - permutations)
        return signature
    }

    /// In C (CMinHash): with AVX2 eight permutations take one multiply, add and unsigned min,
    /// which the SSE2 baseline Swift compiles for cannot do in one instruction each.
    private func datasketchSignature(of shingleHashes: [UInt64]) -> [UInt32] {
        var mixed = shingleHashes.map { UInt32(truncatingIfNeeded: $0) }
        var minimums = [UInt32](repeating: .max, count: permutations)
        mixed.withUnsafeMutableBufferPointer { mixed in
            minimums.withUnsafeMutableBufferPointer { minimums in
                mh_affine32_update(mixed.baseAddress, mixed.count, multipliers, addends, minimums.baseAddress, permutations)
            }
        }
        return minimums
    }

    /// Estimated Jaccard similarity: the fraction of permutations whose minimums agree.
    public static func similarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }

    /// One 64-bit bucket key per band: a hash of the band's `rows` values, seeded by the band,
    /// so equal keys mean (up to 2⁻⁶⁴) an equal band.
    public static func bandKeys(of signature: [UInt32], parameters: LSHParameters) -> [UInt64] {
        signature.withUnsafeBytes { raw in
            (0..<parameters.bands).map { band in
                let start = band * parameters.rows * 4
                let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + parameters.rows * 4)])
                return FastHash.hash(slice, seed: 0x6C73_6800_0000_0000 | UInt64(band))
            }
        }
    }
}
