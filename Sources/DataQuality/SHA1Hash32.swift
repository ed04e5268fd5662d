/// datasketch's default shingle hash, `sha1_hash32`: the first four bytes of the SHA-1 digest
/// read as a little-endian `uint32`. Written out here (FIPS 180-4) rather than through
/// swift-crypto because MinHash hashes millions of short shingles and the library's per-call
/// context object, copies and zeroing cost more than the compression itself; the tests check
/// it against swift-crypto's `Insecure.SHA1` on many lengths.
public enum SHA1Hash32 {
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        let count = bytes.count
        let fullBlocks = count / 64
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { schedule -> UInt32 in
            if let base = bytes.baseAddress {
                for block in 0..<fullBlocks {
                    for word in 0..<16 {
                        schedule[word] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: block * 64 + word * 4, as: UInt32.self))
                    }
                    compress(&state, schedule)
                }
            }
            // The tail, the 0x80 marker and the 64-bit length in bits: one block, or two when
            // the tail leaves no room for the length.
            withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { tail in
                tail.initializeMemory(as: UInt8.self, repeating: 0)
                let remaining = count - fullBlocks * 64
                if remaining > 0, let base = bytes.baseAddress {
                    tail.copyMemory(from: UnsafeRawBufferPointer(start: base + fullBlocks * 64, count: remaining))
                }
                tail[remaining] = 0x80
                let tailBlocks = remaining < 56 ? 1 : 2
                tail.storeBytes(of: (UInt64(count) &* 8).bigEndian, toByteOffset: tailBlocks * 64 - 8, as: UInt64.self)
                for block in 0..<tailBlocks {
                    for word in 0..<16 {
                        schedule[word] = UInt32(bigEndian: tail.load(fromByteOffset: block * 64 + word * 4, as: UInt32.self))
                    }
                    compress(&state, schedule)
                }
            }
            // Digest bytes are big-endian words; its first four read little-endian.
            return state.0.byteSwapped
        }
    }

    public static func hash(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { hash($0) }
    }

    @inline(__always)
    private static func compress(_ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ w: UnsafeMutableBufferPointer<UInt32>) {
        for t in 16..<80 {
            let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
            w[t] = (x << 1) | (x >> 31)
        }
        var (a, b, c, d, e) = state
        @inline(__always) func step(_ f: UInt32, _ k: UInt32, _ t: Int) {
            let temp = ((a << 5) | (a >> 27)) &+ f &+ e &+ k &+ w[t]
            e = d
            d = c
            c = (b << 30) | (b >> 2)
            b = a
            a = temp
        }
        for t in 0..<20 { step((b & c) | (~b & d), 0x5A82_7999, t) }
        for t in 20..<40 { step(b ^ c ^ d, 0x6ED9_EBA1, t) }
        for t in 40..<60 { step((b & c) | (b & d) | (c & d), 0x8F1B_BCDC, t) }
        for t in 60..<80 { step(b ^ c ^ d, 0xCA62_C1D6, t) }
        state.0 &+= a
        state.1 &+= b
        state.2 &+= c
        state.3 &+= d
        state.4 &+= e
    }
}
