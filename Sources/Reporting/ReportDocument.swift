/// Everything one page shows, as the data the page's script draws (embedded as JSON).
public struct ReportDocument: Sendable, Hashable, Codable {
    public var title: String
    /// ISO 8601, when the page was made.
    public var generatedAt: String
    public var inverseInstruct: [InverseInstructSection] = []
    public var semiInstruct: [SemiInstructSection] = []
    public var evaluations: [EvaluationSection] = []
    public var comparisons: [EvaluationComparison] = []
    public var cleaning: [CleaningSection] = []
    public var training: [TrainingSection] = []

    public init(title: String, generatedAt: String) {
        self.title = title
        self.generatedAt = generatedAt
    }

    public var isEmpty: Bool {
        inverseInstruct.isEmpty && semiInstruct.isEmpty && evaluations.isEmpty && cleaning.isEmpty && training.isEmpty
    }
}
