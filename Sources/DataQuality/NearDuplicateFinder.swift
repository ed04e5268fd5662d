/// Why a record is removed by de-duplication.
public enum DuplicateKind: String, Sendable, Hashable, Codable {
    /// Same text as an earlier record after normalization (case, whitespace).
    case exact
    /// In the same MinHash LSH cluster as an earlier record.
    case near
}

/// Clusters records in the order they come: exact duplicates by their normalized-text hash,
/// near duplicates by shared LSH buckets (any shared band joins two records, as in datasketch's
/// `MinHashLSH.query`), joined transitively with union–find. The first record of each cluster
/// is kept. Holds only fingerprints' hashes, never text: memory grows by a few dozen bytes per
/// record.
///
///     var finder = NearDuplicateFinder()
///     for fingerprint in fingerprints { finder.add(fingerprint) }
///     let clusters = finder.resolve()
///     clusters.keptRecord(for: 7)   // nil: record 7 is kept
public struct NearDuplicateFinder: Sendable {
    private var sets = DisjointSet()
    private var exactFirst: [DedupFingerprint.ExactKey: Int32] = [:]
    private var buckets = BucketTable()
    private var isExactDuplicate: [Bool] = []
    private var isSkipped: [Bool] = []
    /// The earlier record each record first matched directly (exact twin or bucket mate), or −1.
    private var directMatch: [Int32] = []

    public init() {}

    public var count: Int { sets.count }

    /// Adds the next record; returns its position.
    @discardableResult
    public mutating func add(_ fingerprint: DedupFingerprint) -> Int {
        let index = sets.add()
        isSkipped.append(false)
        if let first = exactFirst[fingerprint.exact] {
            sets.union(Int(first), index)
            isExactDuplicate.append(true)
            directMatch.append(first)
            // Same text, same buckets: the first copy already stands for it in the LSH index.
            return index
        }
        isExactDuplicate.append(false)
        exactFirst[fingerprint.exact] = Int32(index)
        var matched: Int32 = -1
        for key in fingerprint.bandKeys {
            if let other = buckets.existingOrInsert(key, Int32(index)) {
                sets.union(Int(other), index)
                if matched < 0 || other < matched { matched = other }
            }
        }
        directMatch.append(matched)
        return index
    }

    /// Takes a position for a record that is not part of de-duplication (rejected as invalid),
    /// so positions stay aligned with the input's records.
    @discardableResult
    public mutating func addSkipped() -> Int {
        let index = sets.add()
        isExactDuplicate.append(false)
        isSkipped.append(true)
        directMatch.append(-1)
        return index
    }

    /// The final clusters, once every record is added.
    public func resolve() -> DuplicateClusters {
        var sets = sets
        var kept = [Int32](repeating: 0, count: sets.count)
        var hasDuplicates = [Bool](repeating: false, count: sets.count)
        for index in 0..<sets.count {
            let root = sets.find(index)
            kept[index] = Int32(root)
            if root != index { hasDuplicates[root] = true }
        }
        return DuplicateClusters(kept: kept, isExactDuplicate: isExactDuplicate, isSkipped: isSkipped,
                                 hasDuplicates: hasDuplicates, directMatch: directMatch)
    }
}

/// The outcome of de-duplication for every record position.
public struct DuplicateClusters: Sendable {
    fileprivate let kept: [Int32]
    fileprivate let isExactDuplicate: [Bool]
    fileprivate let isSkipped: [Bool]
    fileprivate let hasDuplicates: [Bool]
    fileprivate let directMatch: [Int32]

    public var count: Int { kept.count }

    /// The kept record that `index` duplicates, with why; nil when `index` is kept.
    public func keptRecord(for index: Int) -> (index: Int, kind: DuplicateKind)? {
        let root = Int(kept[index])
        guard root != index else { return nil }
        return (root, isExactDuplicate[index] ? .exact : .near)
    }

    /// Whether `index` is the kept record of a cluster with removed members.
    public func hasDuplicates(_ index: Int) -> Bool { hasDuplicates[index] }

    public func isSkipped(_ index: Int) -> Bool { isSkipped[index] }

    /// The earliest earlier record that `index` matched directly, when it matched one (a record
    /// can be in a cluster only through later records, which this does not name).
    public func directMatch(for index: Int) -> Int? {
        directMatch[index] >= 0 ? Int(directMatch[index]) : nil
    }

    /// Positions grouped by cluster (clusters of two or more only), each in input order.
    public func clusters() -> [[Int]] {
        var groups: [Int: [Int]] = [:]
        for index in 0..<kept.count where kept[index] != Int32(index) || hasDuplicates[index] {
            groups[Int(kept[index]), default: []].append(index)
        }
        return groups.keys.sorted().compactMap { groups[$0] }
    }
}
