/// Two results of one benchmark side by side (say the base model and the trained one): pass@k
/// of each, and the tasks that flipped either way.
public struct EvaluationComparison: Sendable, Hashable, Codable {
    public struct Flip: Sendable, Hashable, Codable {
        public var task: String
        public var baseRate: Double
        public var otherRate: Double
        /// Why the side that fails it fails.
        public var failure: String?
    }

    public var benchmark: String
    public var baseLabel: String
    public var otherLabel: String
    /// "plus" when both files have evalplus verdicts (the stricter one decides), else "base".
    public var measure: String
    public var tasksInBoth: Int
    public var solvedByBoth: Int
    public var solvedByNeither: Int
    /// Solved by the other, not by the base.
    public var gained: [Flip]
    /// Solved by the base, not by the other.
    public var lost: [Flip]

    /// A task counts as solved when at least half of its samples pass (with one sample: it passes).
    public init(base: EvaluationSection, other: EvaluationSection) {
        benchmark = base.benchmark
        baseLabel = base.label
        otherLabel = other.label
        let usePlus = base.hasPlus && other.hasPlus
        measure = usePlus ? "plus" : "base"
        func rate(_ task: EvaluationSection.Task) -> Double {
            Double(usePlus ? task.plusPassed ?? 0 : task.basePassed) / Double(max(task.samples, 1))
        }
        let others = Dictionary(other.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var (both, neither, count) = (0, 0, 0)
        var gained: [Flip] = []
        var lost: [Flip] = []
        for task in base.tasks {
            guard let counterpart = others[task.id] else { continue }
            count += 1
            let (a, b) = (rate(task), rate(counterpart))
            switch (a >= 0.5, b >= 0.5) {
            case (true, true): both += 1
            case (false, false): neither += 1
            case (false, true): gained.append(Flip(task: task.id, baseRate: a, otherRate: b, failure: task.failure))
            case (true, false): lost.append(Flip(task: task.id, baseRate: a, otherRate: b, failure: counterpart.failure))
            }
        }
        tasksInBoth = count
        solvedByBoth = both
        solvedByNeither = neither
        self.gained = gained
        self.lost = lost
    }
}
