/// The hash family behind MinHash signatures: how shingles are hashed and how the permutations
/// are drawn from the seed.
public enum MinHashFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// datasketch 2.0's default `MinHash` (scheme "affine32"): shingle hash `sha1_hash32` of the
    /// UTF-8 shingle, pre-mixed with MurmurHash3's 32-bit finalizer, then permutation i maps it
    /// to aᵢ·h + bᵢ mod 2³², with (a, b) drawn by `np.random.RandomState(seed)`. For the same
    /// seed and permutations the signatures are datasketch's bit for bit, so with the same
    /// banding the same records are removed.
    case datasketch
    /// A seeded wyhash-style shingle hash and per-permutation MurmurHash3 finalizers; no SHA-1.
    case fast
}
