/// What to put on one page: run directories and files, in the order given.
public struct ReportRequest: Sendable, Hashable {
    public var paths: [String]
    /// Names for evaluation results, in the order the results files come (default: the file name).
    public var labels: [String] = []
    public var title: String?
    public var pricePerMillionPromptTokens: Double?
    public var pricePerMillionCompletionTokens: Double?

    public init(paths: [String]) {
        self.paths = paths
    }
}
