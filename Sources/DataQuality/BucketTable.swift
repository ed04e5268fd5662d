/// The LSH index's map from band keys to the first record in each bucket: open addressing with
/// linear probing over 64-bit keys that are already well-mixed hashes, so a key's low bits are
/// its slot. De-duplication looks up and inserts one key per band per record (1.3 million for
/// 100,000 records at 14 bands) on the one thread that clusters, where `Dictionary`'s SipHash
/// and growth showed up in the timings.
struct BucketTable {
    private var keys: [UInt64]
    /// −1 marks an empty slot.
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The value stored under `key`, or nil after storing `value` under it.
    mutating func existingOrInsert(_ key: UInt64, _ value: Int32) -> Int32? {
        // At most three quarters full: short probes on mixed keys, and less memory than half.
        if (count + 1) * 4 > keys.count * 3 { grow() }
        var slot = Int(truncatingIfNeeded: key) & mask
        while values[slot] >= 0 {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = value
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for index in oldKeys.indices where oldValues[index] >= 0 {
            var slot = Int(truncatingIfNeeded: oldKeys[index]) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[index]
            values[slot] = oldValues[index]
        }
    }
}
