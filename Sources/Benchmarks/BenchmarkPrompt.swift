import InstructData

/// What a model is asked for a benchmark task, and how its answer becomes a sample — the
/// prompts the paper's evaluation used (Magicoder's evalplus set-up): the instruction shows the
/// task in a python fence, the response is pre-filled with an opening python fence (and, for
/// HumanEval, the task's prompt, so the model continues the function body), and the generated
/// text is cut at the closing fence.
public enum BenchmarkPrompt {
    /// The instruction for one task.
    public static func instruction(for problem: BenchmarkProblem) -> String {
        switch problem.kind {
        case .humanEval?:
            return "Write a solution to the following problem:\n```python\n\(problem.prompt.trimmingWhitespace())\n```"
        case .mbpp? where problem.plus != nil:
            return "\(evalPlusInstruction)\n```\n\(evalPlusTaskPrompt(problem))\n```"
        case .mbpp?, nil:
            if let test = problem.firstTest {
                return "\(problem.prompt.trimmingWhitespace())\nYour code should satisfy the following assertion:\n"
                    + "```python\n\(test.trimmingWhitespace())\n```"
            }
            return unquoted(problem.prompt)
        }
    }

    /// The start of the response, which raw-prompt completion pre-fills.
    public static func responsePrefix(for problem: BenchmarkProblem) -> String {
        switch problem.kind {
        case .humanEval?: "```python\n" + problem.prompt
        case .mbpp? where problem.plus != nil: evalPlusResponse + "\n```python\n"
        case .mbpp?, nil: "```python\n"
        }
    }

    /// evalplus's codegen (`evalplus/codegen.py`, `provider/utility.py:make_raw_chat_prompt`):
    /// the instruction shows the task's prompt in a fence, the response starts with this line
    /// and an opening python fence.
    static let evalPlusInstruction = "Please provide a self-contained Python script that solves the following problem in a markdown code block:"
    static let evalPlusResponse = "Below is a Python script with a self-contained function that solves the problem and passes corresponding tests:"

    /// MBPP+'s task prompt as evalplus's release shows it: the docstring with the first base
    /// assertion inside (the vendored file's docstring lacks it, and without it the model
    /// would not know the function's name).
    static func evalPlusTaskPrompt(_ problem: BenchmarkProblem) -> String {
        let prompt = problem.prompt.trimmingWhitespace()
        guard let test = problem.firstTest, !prompt.contains("assert "), prompt.count >= 6 else { return prompt }
        let quote = String(prompt.suffix(3))
        guard quote == "'''" || quote == "\"\"\"" else { return prompt }
        return String(prompt.dropLast(3)).trimmingWhitespace() + "\n" + test.trimmingWhitespace() + "\n" + quote
    }

    /// What generation stops at: the closing fence.
    public static let stop = "```"

    /// The code of a continuation of the pre-filled response: the text before the closing fence.
    public static func code(fromContinuation text: String) -> String {
        let cut = text.range(of: stop).map { String(text[..<$0.lowerBound]) } ?? text
        return withoutTrailingWhitespace(cut)
    }

    /// The code of a chat reply, where nothing could be pre-filled: the first python block (else
    /// the first block of any language); a reply without a fence is taken as code.
    public static func code(fromChatReply text: String) -> String {
        let blocks = CodeBlockParser.blocks(in: text)
        if let block = blocks.first(where: { $0.language == "python" }) ?? blocks.first {
            return withoutTrailingWhitespace(block.code)
        }
        return withoutTrailingWhitespace(text)
    }

    /// Drops trailing blank space; non-empty code ends with one newline.
    static func withoutTrailingWhitespace(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex, let last = text[..<end].last, last.isWhitespace {
            end = text.index(before: end)
        }
        return end == text.startIndex ? "" : String(text[..<end]) + "\n"
    }

    /// A docstring's text without its triple quotes.
    static func unquoted(_ text: String) -> String {
        var body = text.trimmingWhitespace()
        for quote in ["\"\"\"", "'''"] where body.hasPrefix(quote) && body.hasSuffix(quote) && body.count >= 6 {
            body = String(body.dropFirst(3).dropLast(3))
        }
        return body.trimmingWhitespace()
    }
}
