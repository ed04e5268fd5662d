/// numpy's legacy `np.random.RandomState(seed)` for an integer seed: MT19937 seeded with
/// `init_genrand` (numpy's `mt19937_seed`), and `randint(0, high, dtype=np.uint32)` by masked
/// rejection sampling, the legacy generator's method. Just enough of it to draw datasketch's
/// MinHash permutations bit for bit; not a general random source.
struct LegacyRandomState {
    private static let stateLength = 624
    private static let shift = 397
    private var state: [UInt32]
    private var position: Int

    /// `seed` must fit in 32 bits, as `RandomState` requires.
    init(seed: UInt32) {
        var state = [UInt32](repeating: 0, count: Self.stateLength)
        var value = seed
        for index in 0..<Self.stateLength {
            state[index] = value
            value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(index + 1)
        }
        self.state = state
        position = Self.stateLength
    }

    /// The next tempered 32-bit output (`genrand_int32`).
    mutating func nextUInt32() -> UInt32 {
        if position == Self.stateLength { regenerate() }
        var value = state[position]
        position += 1
        value ^= value >> 11
        value ^= (value << 7) & 0x9D2C_5680
        value ^= (value << 15) & 0xEFC6_0000
        value ^= value >> 18
        return value
    }

    /// `randint(0, upperBound, dtype=np.uint32)` in legacy mode: the full range takes a raw
    /// output; any other draws under the smallest all-ones mask covering `upperBound − 1` until
    /// the value is in range.
    mutating func uniformUInt32(below upperBound: UInt64) -> UInt32 {
        precondition(upperBound >= 1 && upperBound <= 1 << 32, "bound out of uint32 range")
        if upperBound == 1 << 32 { return nextUInt32() }
        let largest = UInt32(upperBound - 1)
        guard largest > 0 else { return 0 }
        let mask = UInt32.max >> UInt32(largest.leadingZeroBitCount)
        while true {
            let value = nextUInt32() & mask
            if value <= largest { return value }
        }
    }

    private mutating func regenerate() {
        let upperMask: UInt32 = 0x8000_0000, lowerMask: UInt32 = 0x7FFF_FFFF
        let count = Self.stateLength
        for index in 0..<count {
            let mixed = (state[index] & upperMask) | (state[(index + 1) % count] & lowerMask)
            var next = state[(index + Self.shift) % count] ^ (mixed >> 1)
            if mixed & 1 != 0 { next ^= 0x9908_B0DF }
            state[index] = next
        }
        position = 0
    }
}
