/// A benchmark's problems as read from one file, under the name evidence and summaries use.
public struct Benchmark: Sendable, Hashable {
    /// `humaneval`, `mbpp`, or a plain problems file's name.
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
