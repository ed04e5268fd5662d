/// A scored candidate, as selection sees it.
public struct ScoredCandidate: Sendable, Hashable {
    public var snippetID: String
    public var index: Int
    public var instruction: String
    public var score: Double?
    public var reason: String?

    public init(snippetID: String, index: Int, instruction: String, score: Double?, reason: String? = nil) {
        self.snippetID = snippetID
        self.index = index
        self.instruction = instruction
        self.score = score
        self.reason = reason
    }
}

/// Picks the best instruction(s) per snippet by LM-score (DESIGN.md: the paper keeps only the
/// top one; top-3 and top-5 made the model worse). Ties go to the lower sample index, then to
/// the instruction text, so the choice never depends on the order results arrived in.
public struct CandidateSelection: Sendable {
    public var topK: Int
    public var minScore: Double?

    public init(topK: Int = 1, minScore: Double? = nil) {
        self.topK = topK
        self.minScore = minScore
    }

    public enum Outcome: Sendable, Hashable {
        case selected([ScoredCandidate])
        /// No candidate qualified; the reason says why.
        case none(String)
    }

    /// The scored candidates at or above the minimum, best first: the order `select` takes them
    /// in, and the order the verify stage tries them in.
    public func ranked(_ candidates: [ScoredCandidate]) -> [ScoredCandidate] {
        candidates.filter { candidate in
            guard let score = candidate.score else { return false }
            return minScore.map { score >= $0 } ?? true
        }.sorted { a, b in
            let (sa, sb) = (a.score ?? 0, b.score ?? 0)
            if sa != sb { return sa > sb }
            if a.index != b.index { return a.index < b.index }
            return a.instruction < b.instruction
        }
    }

    public func select(_ candidates: [ScoredCandidate]) -> Outcome {
        guard !candidates.isEmpty else { return .none("no candidate instruction was generated") }
        let scored = candidates.filter { $0.score != nil }
        guard !scored.isEmpty else {
            return .none("no candidate could be scored (\(candidates.compactMap(\.reason).first ?? "no score"))")
        }
        let ordered = ranked(scored)
        guard !ordered.isEmpty else {
            let best = scored.compactMap(\.score).max() ?? 0
            return .none("best score \(best) is below the minimum \(minScore ?? 0)")
        }
        return .selected(Array(ordered.prefix(topK)))
    }
}
