import CMinHash

/// datasketch's default shingle hash, `sha1_hash32`: the first four bytes of the SHA-1 digest
/// read as a little-endian `uint32`. In C (CMinHash) with the CPU's SHA instructions where it
/// has them: MinHash hashes millions of short shingles, and per 5 million shingles of the dedup
/// benchmark swift-crypto's `Insecure.SHA1` (a context object, copies and zeroing per call)
/// took 0.35–0.45 s of CPU more than a seeded non-cryptographic hash, and a SHA-1 written in
/// Swift about 0.2 s more still. Tests check it against swift-crypto and datasketch's values.
public enum SHA1Hash32 {
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        mh_sha1_hash32(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    public static func hash(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { hash($0) }
    }
}
