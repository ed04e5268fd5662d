/// How a record was found to contain benchmark text.
public enum DecontaminationMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Whitespace-normalized, case-insensitive substring of a benchmark prompt, docstring or solution.
    case substring
    /// Shared word n-grams with a benchmark task (catches paraphrases).
    case ngram

    public var description: String { rawValue }
}

/// One piece of evidence that a record leaks a benchmark task: what matched, where, and how.
public struct ContaminationMatch: Sendable, Hashable, Codable {
    public var method: DecontaminationMethod
    public var benchmark: String
    public var taskID: String
    /// The benchmark text that matched (`prompt`, `docstring`, `solution`, `text`, `code`…);
    /// nil for n-gram matches, which are counted over all of a task's texts.
    public var part: String?
    /// The record's text that contained it (`instruction`, `response`, or a field name).
    public var field: String
    /// The matching text, normalized (lowercase, single spaces); long text is cut.
    public var text: String
    /// For n-gram matches: how many distinct n-grams the record shares with the task.
    public var sharedNgrams: Int?

    enum CodingKeys: String, CodingKey {
        case method, benchmark, part, field, text
        case taskID = "task_id"
        case sharedNgrams = "shared_ngrams"
    }

    public init(method: DecontaminationMethod, benchmark: String, taskID: String, part: String?, field: String,
                text: String, sharedNgrams: Int? = nil) {
        self.method = method
        self.benchmark = benchmark
        self.taskID = taskID
        self.part = part
        self.field = field
        self.text = text
        self.sharedNgrams = sharedNgrams
    }
}
