/// One benchmark task as decontamination sees it: the texts that must not leak into training
/// data (prompt, docstring, solution…), each named by its part.
public struct BenchmarkProblem: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        /// What the text is: `prompt`, `docstring`, `solution`, `text`, `code`…
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// The benchmark's own id for the task, e.g. `HumanEval/0` or `mbpp/11`.
    public var taskID: String
    public var parts: [Part]

    public init(taskID: String, parts: [Part]) {
        self.taskID = taskID
        self.parts = parts
    }
}

/// A named set of benchmark problems.
public struct Benchmark: Sendable, Hashable {
    public var name: String
    /// Where it was read from, for summaries and evidence.
    public var source: String
    public var problems: [BenchmarkProblem]

    public init(name: String, source: String, problems: [BenchmarkProblem]) {
        self.name = name
        self.source = source
        self.problems = problems
    }
}
