import InstructData

/// The two prompts of Inverse-Instruct (DESIGN.md, "Method facts"), as instruction texts; a
/// `PromptTemplate` wraps them in the model's format.
public enum InverseInstructPrompts {
    /// The openers the paper pre-fills as the start of the response (the reference draws one
    /// per candidate; the tool's default, one per snippet).
    public static let paperOpeners = ["Write a", "Create a", "Implement a", "Develop a", "Design a", "Build a", "I want a"]

    /// Code → instruction: the snippet is shown as the answer to an unknown problem, and the
    /// model writes that problem's description.
    public static func summarization(code: String, language: String) -> String {
        "This is a response code snippet to a programming problem, please give the problem description:\n"
            + fenced(code, language: language)
    }

    /// The pre-filled start of the summarization response: the opener plus the language tag,
    /// e.g. "Write a python".
    public static func responseStart(opener: String, language: String) -> String {
        language.isEmpty ? opener : opener + " " + language
    }

    /// (instruction, code) → "is this code a correct answer?", answered with Yes or No.
    public static func selfEvaluation(instruction: String, code: String, language: String) -> String {
        "Here is a programming problem:\n\(instruction)\n\nHere is the answer code to the problem:\n"
            + fenced(code, language: language)
            + "\nIs the answer correct? Your reply should begin with Yes or No."
    }

    public static func fenced(_ code: String, language: String) -> String {
        // A fence longer than any backtick run inside the code, so the code cannot close it.
        var longest = 0
        var run = 0
        for character in code {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + code + "\n" + fence
    }

    /// A deterministic draw from `openers` for a snippet: the same snippet and seed always get
    /// the same opener, on any machine, whatever order the work runs in.
    public static func opener(for snippetID: String, seed: Int, openers: [String]) -> String {
        guard !openers.isEmpty else { return "" }
        let digest = ContentHash.sha256("\(seed):\(snippetID)")
        let value = UInt64(digest.prefix(12), radix: 16) ?? 0
        return openers[Int(value % UInt64(openers.count))]
    }

    /// Independent draws for each of a snippet's `count` candidates, equally repeatable.
    public static func candidateOpeners(for snippetID: String, seed: Int, openers: [String], count: Int) -> [String] {
        (0..<count).map { opener(for: "\(snippetID)/candidate/\($0)", seed: seed, openers: openers) }
    }
}
