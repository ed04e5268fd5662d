import InstructData

/// What validation decided for one generated sample of one original.
public struct PairVerdict: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case kept
        /// The reply gave no instruction, code or test inputs that could be read.
        case parseFailure = "parse_failure"
        /// The original itself failed on every test input.
        case originalFailed = "original_failed"
        /// Compared (or not comparable enough) and not kept.
        case rejected
    }

    public var originID: String
    public var sample: Int
    public var outcome: Outcome
    /// A short, countable reason ("disagreement", "unparsable reply", ...); nil when kept.
    public var reason: String?
    /// The reason's detail: which input, what was expected, what came back.
    public var detail: String?
    public var instruction: String?
    public var function: String?
    public var entryPoint: String?
    /// The inputs both agree on, with the original's outputs: the pair's tests.
    public var tests: [VerifiedTest] = []
    /// Inputs compared (the original ran on them).
    public var compared = 0
    /// Inputs dropped because the original itself failed on them.
    public var discarded = 0
    /// Inputs on which the new code disagreed (at most a few are listed).
    public var failures: [TestFailure] = []
    /// The model's reply, kept when it could not be parsed.
    public var reply: String?

    public var passed: Int { tests.count }

    public init(originID: String, sample: Int, outcome: Outcome, reason: String? = nil, detail: String? = nil) {
        self.originID = originID
        self.sample = sample
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case sample, outcome, reason, detail, instruction, function, tests, compared, discarded, failures, reply
        case originID = "origin_id"
        case entryPoint = "entry_point"
    }
}

/// One test a kept pair passes: the input and the original's output.
public struct VerifiedTest: Sendable, Hashable, Codable {
    /// Functions: the arguments as Python source; programs: the standard input.
    public var input: String
    /// Functions: the arguments, tagged (the sandbox's encoding).
    public var arguments: JSONValue?
    /// Functions: repr of the returned value; programs: the standard output.
    public var output: String
    /// Functions: the returned value, tagged.
    public var value: JSONValue?

    enum CodingKeys: String, CodingKey {
        case input, arguments, output, value
    }
}

/// An input on which the new code did not do what the original did.
public struct TestFailure: Sendable, Hashable, Codable {
    public var input: String
    public var expected: String
    /// What came back, or the error.
    public var got: String
    public var status: RunOutcome.Status
}
