import InstructData

/// One MultiPL-E HumanEval task in one language (a line of `Data/multipl-e/humaneval-LANG.jsonl`).
public struct MultiPLEProblem: Sendable, Hashable {
    /// MultiPL-E's `name`, e.g. `HumanEval_0_has_close_elements`: the task id of its samples.
    public var name: String
    public var language: MultiPLELanguage
    /// Imports, the doc comment and the signature, ending with the function's opening `{` and a newline.
    public var prompt: String
    /// The test driver; for java, cpp, swift and rs it starts with the function's closing brace.
    public var tests: String
    /// Where a continuation ends (MultiPL-E's `stop_tokens`; the harness adds `<file_sep>`).
    public var stopTokens: [String]

    public init(name: String, language: MultiPLELanguage, prompt: String, tests: String, stopTokens: [String]) {
        self.name = name
        self.language = language
        self.prompt = prompt
        self.tests = tests
        self.stopTokens = stopTokens
    }

    /// The program MultiPL-E runs: prompt + completion + newline + tests.
    public func program(completion: String) -> String {
        prompt + completion + "\n" + tests
    }

    /// A continuation cut at the earliest stop token (the token itself dropped), as the
    /// bigcode harness post-processes a generation.
    public func cut(_ continuation: String) -> String {
        var end = continuation.endIndex
        for token in stopTokens + ["<file_sep>"] where !token.isEmpty {
            if let range = continuation.range(of: token), range.lowerBound < end { end = range.lowerBound }
        }
        return String(continuation[..<end])
    }
}
