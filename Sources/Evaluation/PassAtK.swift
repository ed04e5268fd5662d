/// The unbiased pass@k estimator of Chen et al. (2021): 1 − C(n−c, k) / C(n, k), in the
/// numerically stable product form 1 − ∏_{i=n−c+1}^{n} (1 − k/i).
public enum PassAtK {
    public static func estimate(samples n: Int, correct c: Int, k: Int) -> Double {
        precondition(n >= k && k >= 1 && c >= 0 && c <= n, "pass@k needs 1 ≤ k ≤ n and 0 ≤ c ≤ n")
        if c == 0 { return 0 }
        if n - c < k { return 1 }
        var product = 1.0
        for i in (n - c + 1)...n {
            product *= 1 - Double(k) / Double(i)
        }
        return 1 - product
    }

    /// The k values worth reporting: 1, 2, 5, 10, 20, 50, 100, ... up to the smallest sample count.
    public static func reportable(minimumSamples: Int) -> [Int] {
        var ks: [Int] = []
        var scale = 1
        while scale <= minimumSamples {
            for step in [1, 2, 5] where step * scale <= minimumSamples { ks.append(step * scale) }
            scale *= 10
        }
        return ks
    }

    /// The mean over tasks of pass@k, for each task's (samples, correct).
    public static func mean(_ counts: [(samples: Int, correct: Int)], k: Int) -> Double {
        guard !counts.isEmpty else { return 0 }
        let total = counts.reduce(0.0) { $0 + estimate(samples: $1.samples, correct: $1.correct, k: k) }
        return total / Double(counts.count)
    }
}
