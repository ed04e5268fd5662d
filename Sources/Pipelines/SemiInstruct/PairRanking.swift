/// Ranking (the paper's third step): kept pairs ordered by how many tests they pass, a
/// curriculum from the least to the most verified (or the other way round). Ties keep input
/// order, then sample order, so the output is the same on every run.
public enum PairRanking {
    public struct Entry: Sendable {
        public var verdict: PairVerdict
        public var original: NaturalCode

        public init(verdict: PairVerdict, original: NaturalCode) {
            self.verdict = verdict
            self.original = original
        }
    }

    public static func rank(_ entries: [Entry], ascending: Bool) -> [Entry] {
        entries.sorted { a, b in
            if a.verdict.passed != b.verdict.passed {
                return ascending ? a.verdict.passed < b.verdict.passed : a.verdict.passed > b.verdict.passed
            }
            if a.original.origin.index != b.original.origin.index { return a.original.origin.index < b.original.origin.index }
            if a.original.origin.file != b.original.origin.file { return a.original.origin.file < b.original.origin.file }
            return a.verdict.sample < b.verdict.sample
        }
    }
}
