/// MinHash signatures with a deterministic seeded hash family, computed eight permutations at a
/// time in SIMD lanes. Permutation i maps a shingle's 32-bit hash x to fmix32(x ⊕ seedᵢ)
/// (MurmurHash3's finalizer, a bijection), seeds from SplitMix64 of the run's seed, so the same
/// seed gives the same signatures on every machine.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let seed: UInt64
    private let seeds: [SIMD8<UInt32>]

    public init(permutations: Int = 128, seed: UInt64 = 1) {
        precondition(permutations > 0, "permutations must be positive")
        self.permutations = permutations
        self.seed = seed
        let vectors = (permutations + 7) / 8
        // Mixed first so that nearby seeds (1, 2…) give unrelated families, not shifted copies.
        let base = FastHash.splitMix(seed ^ 0x6D69_6E68_6173_6821)
        seeds = (0..<vectors).map { vector in
            var lanes = SIMD8<UInt32>()
            for lane in 0..<8 {
                lanes[lane] = UInt32(truncatingIfNeeded: FastHash.splitMix(base &+ UInt64(vector * 8 + lane)))
            }
            return lanes
        }
    }

    /// The signature of a set of shingle hashes: for each permutation, the least image.
    /// An empty set gives all `UInt32.max`.
    public func signature(of shingleHashes: [UInt64]) -> [UInt32] {
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
        signature.reserveCapacity(seeds.count * 8)
        for vector in minimums {
            for lane in 0..<8 { signature.append(vector[lane]) }
        }
        signature.removeLast(signature.count - permutations)
        return signature
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
