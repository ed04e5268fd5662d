/// Bands × rows for MinHash LSH. Two signatures become candidates when all `rows` values of at
/// least one of `bands` bands agree, which happens with probability 1 − (1 − s^rows)^bands for
/// Jaccard similarity s.
public struct LSHParameters: Sendable, Hashable, Codable {
    public var bands: Int
    public var rows: Int

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// The choice datasketch's `MinHashLSH` makes for a threshold: the (bands, rows) with
    /// bands × rows ≤ permutations that minimizes the weighted area of false positives below the
    /// threshold plus false negatives above it (same midpoint integration, step 0.001), so both
    /// tools band the same way for the same threshold.
    public static func optimal(threshold: Double, permutations: Int,
                               falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5) -> LSHParameters {
        var best = LSHParameters(bands: 1, rows: max(1, permutations))
        var minimumError = Double.infinity
        guard permutations > 0 else { return best }
        for bands in 1...permutations {
            for rows in 1...(permutations / bands) {
                let b = Double(bands), r = Double(rows)
                let falsePositive = integrate(from: 0, to: threshold) { s in 1 - pow(1 - pow(s, r), b) }
                let falseNegative = integrate(from: threshold, to: 1) { s in 1 - (1 - pow(1 - pow(s, r), b)) }
                let error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight
                if error < minimumError {
                    minimumError = error
                    best = LSHParameters(bands: bands, rows: rows)
                }
            }
        }
        return best
    }

    /// Probability that two sets with Jaccard similarity `similarity` become candidates.
    public func candidateProbability(similarity: Double) -> Double {
        1 - pow(1 - pow(similarity, Double(rows)), Double(bands))
    }

    /// datasketch's `_integration`: midpoint rule with step 0.001.
    static func integrate(from start: Double, to end: Double, _ f: (Double) -> Double) -> Double {
        let step = 0.001
        var area = 0.0
        var x = start
        while x < end {
            area += f(x + 0.5 * step) * step
            x += step
        }
        return area
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
