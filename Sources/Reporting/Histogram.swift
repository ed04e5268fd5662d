/// Counts of values in equal-width bins over a fixed range: what a distribution chart needs,
/// computed here so the page carries a few numbers rather than every value of a large run.
public struct Histogram: Sendable, Hashable, Codable {
    public var lower: Double
    public var upper: Double
    public var counts: [Int]

    public init(lower: Double, upper: Double, bins: Int) {
        self.lower = lower
        self.upper = max(upper, lower + 1e-9)
        counts = Array(repeating: 0, count: max(1, bins))
    }

    /// Values outside the range go to the first or last bin; the upper bound is inclusive.
    public mutating func add(_ value: Double) {
        let position = (value - lower) / (upper - lower) * Double(counts.count)
        let bin = min(counts.count - 1, max(0, Int(position.isFinite ? position : 0)))
        counts[bin] += 1
    }

    public var total: Int { counts.reduce(0, +) }

    /// A histogram of whole numbers 0...max with one bin per value up to `maxBins` values (wider
    /// bins above that), for lengths and counts.
    public static func wholeNumbers(_ values: [Int], maxBins: Int = 40) -> Histogram {
        let top = max(1, values.max() ?? 1)
        let bins = min(maxBins, top + 1)
        var histogram = Histogram(lower: 0, upper: Double(top + 1), bins: bins)
        for value in values { histogram.add(Double(value)) }
        histogram.upper = Double(top + 1)
        return histogram
    }
}
