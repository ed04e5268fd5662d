/// Settings of de-duplication: exact duplicates after normalization, then near duplicates by
/// MinHash + LSH banding.
public struct DedupOptions: Sendable, Hashable {
    public var permutations = 128
    public var shingleUnit = ShingleUnit.word
    public var shingleSize = 5
    /// Jaccard similarity the banding is tuned for (datasketch's optimal choice) when `bands` and
    /// `rows` are not given.
    public var threshold = 0.7
    public var bands: Int?
    public var rows: Int?
    public var seed: UInt64 = 1
    /// datasketch by default: users can reproduce its results with datasketch itself, and it
    /// costs nothing measurable — on the 100,000-record benchmark (scripts/bench-dedup, see its
    /// RESULTS.md) both families took about 2.0 s of CPU, SHA-1 on the CPU's SHA instructions
    /// and the affine permutations on AVX2 costing no more than the fast family's hashing.
    public var hashFamily = MinHashFamily.datasketch
    /// Off: only exact duplicates are removed.
    public var nearDuplicates = true

    public init() {}

    /// The banding in force: `bands`/`rows` as given (one given → the other fills the
    /// permutations), else the optimal choice for `threshold`.
    public var lshParameters: LSHParameters {
        switch (bands, rows) {
        case let (bands?, rows?): LSHParameters(bands: bands, rows: rows)
        case let (bands?, nil): LSHParameters(bands: bands, rows: max(1, permutations / bands))
        case let (nil, rows?): LSHParameters(bands: max(1, permutations / rows), rows: rows)
        case (nil, nil): LSHParameters.optimal(threshold: threshold, permutations: permutations)
        }
    }

    /// Problems with the settings, as messages for the user; empty when usable.
    public var problems: [String] {
        var problems: [String] = []
        if permutations < 1 { problems.append("permutations must be at least 1") }
        if shingleSize < 1 { problems.append("shingle size must be at least 1") }
        if !(threshold > 0 && threshold <= 1) { problems.append("threshold must be in (0, 1]") }
        if let bands, bands < 1 { problems.append("bands must be at least 1") }
        if let rows, rows < 1 { problems.append("rows must be at least 1") }
        if hashFamily == .datasketch, seed > UInt64(UInt32.max) {
            problems.append("the datasketch hash family takes seeds below 2^32 (numpy's RandomState); got \(seed)")
        }
        // The optimal choice always fits (and costs a million `pow` calls to compute), so only a
        // banding the user gave is checked.
        if permutations >= 1, bands != nil || rows != nil, (bands ?? 1) >= 1, (rows ?? 1) >= 1 {
            let lsh = lshParameters
            if lsh.bands * lsh.rows > permutations {
                problems.append("bands × rows (\(lsh.bands) × \(lsh.rows)) exceeds permutations (\(permutations))")
            }
        }
        return problems
    }
}
