/// A fast, seeded, non-cryptographic 64-bit hash of bytes in the style of wyhash: 16 bytes per
/// step folded through a 64×64→128-bit multiply. Stable across runs and machines (little-endian
/// loads), which MinHash signatures and LSH bucket keys rely on for determinism.
public enum FastHash {
    static let p0: UInt64 = 0xA076_1D64_78BD_642F
    static let p1: UInt64 = 0xE703_7ED1_A0B4_28DB
    static let p2: UInt64 = 0x8EBC_6AF0_9C88_C6E3

    @inline(__always)
    static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    @inline(__always)
    static func load64(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Up to 8 bytes, little-endian, zero-padded.
    @inline(__always)
    static func loadPartial(_ base: UnsafeRawPointer, _ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<count {
            value |= UInt64(base.load(fromByteOffset: offset + index, as: UInt8.self)) << (8 * UInt64(index))
        }
        return value
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        var state = seed ^ p0
        guard let base = bytes.baseAddress, count > 0 else { return mum(state ^ p1, p2) }
        var offset = 0
        while count - offset > 16 {
            state = mum(load64(base, offset) ^ p1, load64(base, offset + 8) ^ state)
            offset += 16
        }
        let remaining = count - offset
        let a: UInt64
        let b: UInt64
        if remaining > 8 {
            a = load64(base, offset)
            b = loadPartial(base, offset + 8, remaining - 8)
        } else {
            a = loadPartial(base, offset, remaining)
            b = 0
        }
        return mum(p1 ^ UInt64(count), mum(a ^ p1, b ^ state ^ p2))
    }

    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    public static func hash(_ bytes: ArraySlice<UInt8>, seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    public static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// Combines two 64-bit values into one (order matters), for hashing sequences of hashes.
    @inline(__always)
    public static func combine(_ state: UInt64, _ value: UInt64) -> UInt64 {
        mum(state ^ p1, value ^ p2)
    }

    /// SplitMix64: turns a seed and an index into well-spread 64-bit values (hash-family seeds).
    public static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
