@testable import DataQuality
import Testing

@Suite struct BucketTableTests {
    /// Through several growths, with keys that share their low bits (so probing is exercised):
    /// the first value stored under a key is the one returned, and nothing else is.
    @Test func keepsTheFirstValuePerKeyThroughGrowth() {
        var table = BucketTable(capacity: 4)
        let keys = (0..<5000).map { UInt64($0) << 20 | 7 }
        for (index, key) in keys.enumerated() {
            #expect(table.existingOrInsert(key, Int32(index)) == nil)
        }
        #expect(table.count == keys.count)
        for (index, key) in keys.enumerated() {
            #expect(table.existingOrInsert(key, -5) == Int32(index))
        }
        #expect(table.existingOrInsert(42, 1) == nil)
        #expect(table.count == keys.count + 1)
    }
}
