import Foundation
import Testing
@testable import Evaluation

@Suite("pass@k")
struct PassAtKTests {
    /// 1 − C(n−c, k)/C(n, k) with exact binomials, for small n.
    private func direct(_ n: Int, _ c: Int, _ k: Int) -> Double {
        func choose(_ a: Int, _ b: Int) -> Double {
            if b < 0 || b > a { return 0 }
            var result = 1.0
            for i in 0..<b { result = result * Double(a - i) / Double(i + 1) }
            return result
        }
        return 1 - choose(n - c, k) / choose(n, k)
    }

    @Test(arguments: [(1, 0, 1), (1, 1, 1), (10, 3, 1), (10, 3, 5), (10, 0, 10), (20, 1, 10), (20, 19, 2), (200, 100, 100), (30, 7, 29)])
    func matchesTheBinomialFormula(_ n: Int, _ c: Int, _ k: Int) {
        #expect(abs(PassAtK.estimate(samples: n, correct: c, k: k) - direct(n, c, k)) < 1e-9)
    }

    @Test func passAt1IsTheFractionCorrect() {
        #expect(abs(PassAtK.estimate(samples: 200, correct: 37, k: 1) - 37.0 / 200) < 1e-12)
        #expect(PassAtK.estimate(samples: 200, correct: 0, k: 100) == 0)
        #expect(PassAtK.estimate(samples: 200, correct: 101, k: 100) == 1)
    }

    @Test func stableForLargeCounts() {
        let value = PassAtK.estimate(samples: 10_000, correct: 1, k: 1000)
        #expect(abs(value - 0.1) < 1e-9)
    }

    @Test func reportableKs() {
        #expect(PassAtK.reportable(minimumSamples: 1) == [1])
        #expect(PassAtK.reportable(minimumSamples: 10) == [1, 2, 5, 10])
        #expect(PassAtK.reportable(minimumSamples: 200) == [1, 2, 5, 10, 20, 50, 100, 200])
        #expect(PassAtK.mean([(10, 10), (10, 0)], k: 1) == 0.5)
    }
}
