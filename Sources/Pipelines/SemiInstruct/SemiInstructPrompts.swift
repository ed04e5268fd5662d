/// The generation prompt (the paper publishes none): natural code in; an instruction, a
/// well-formed function and test inputs out, in three headed sections a parser can find even
/// when a small model decorates them. In template mode the response is pre-filled with the
/// first header, so the model starts inside the format.
///
/// What was tried on the 0.5B default model: a format skeleton with descriptions inside the
/// sections got the descriptions copied as the answer; a worked example got the example copied
/// whole. So the sections are described in prose, and the only "example" is the shape of one
/// test input built from the original's own parameter names.
public enum SemiInstructPrompts {
    public static let instructionHeader = "### Instruction"
    public static let functionHeader = "### Function"
    public static let testsHeader = "### Tests"

    /// The request for one original of the given shape.
    public static func generation(code: String, shape: CodeShape) -> String {
        let fencedCode = InverseInstructPrompts.fenced(code, language: "python")
        switch shape.kind {
        case .function:
            let entry = shape.entryPoint ?? "f"
            let parameters = shape.parameters.joined(separator: ", ")
            return """
                Here is some Python code without a description:
                \(fencedCode)

                Write a programming exercise for it, in three Markdown sections:
                \(instructionHeader): a self-contained description of the task the code solves (what is given, what is returned, special cases), for a reader who has not seen the code.
                \(functionHeader): in a ```python block, one clean, well-named Python function (a one-line docstring at most) that does exactly what `\(entry)` does and takes the same arguments in the same order (\(parameters)). No prints, no example calls.
                \(testsSection(for: shape))
                """
        case .program:
            return """
                Here is a Python program that reads standard input and prints its answer:
                \(fencedCode)

                Write a programming exercise for it, in three Markdown sections:
                \(instructionHeader): a self-contained description of the task (the input format, the output format, special cases), for a reader who has not seen the program.
                \(functionHeader): in a ```python block, one clean, well-named Python function (a one-line docstring at most) that computes the answer, then an `if __name__ == "__main__":` block that reads standard input as the program does, calls the function and prints exactly what the program prints.
                \(testsSection(for: shape))
                """
        }
    }

    /// What the tests section holds, for the generation prompt and the tests-only one.
    static func testsSection(for shape: CodeShape) -> String {
        switch shape.kind {
        case .function:
            let oneInput = "[" + shape.parameters.map { "<\($0)>" }.joined(separator: ", ") + "]"
            return """
                \(testsHeader): in a ```json block, one JSON list of 5 to 10 varied test inputs, including edge cases. Each test input is a JSON list of the arguments of one call, like \(oneInput) with real values; no expected outputs (running the code gives them).
                """
        case .program:
            return """
                \(testsHeader): in a ```json block, one JSON list of 5 to 10 varied test inputs, including edge cases. Each test input is a string holding the whole standard input of one run, like "3\\n1 2 3\\n"; no expected outputs (running the program gives them).
                """
        }
    }

    /// Test inputs alone for an original (Inverse-Instruct's verify stage, whose instruction
    /// and code come from elsewhere): the generation prompt's tests section and nothing else.
    public static func testInputs(code: String, shape: CodeShape) -> String {
        let fencedCode = InverseInstructPrompts.fenced(code, language: "python")
        let what = shape.kind == .function ? "Here is some Python code:" : "Here is a Python program that reads standard input and prints its answer:"
        return """
            \(what)
            \(fencedCode)

            Write test inputs for it, in one Markdown section:
            \(testsSection(for: shape))
            """
    }

    /// The pre-filled start of a tests-only response in template mode.
    public static let testsResponseStart = testsHeader + "\n"

    /// The tests of a tests-only reply: the section's first fenced block, or its text.
    public static func tests(fromReply text: String) -> String {
        var body = text
        if let header = body.range(of: testsHeader) { body = String(body[header.upperBound...]) }
        return ReplyParser.code(in: body)
    }

    /// The pre-filled start of the response in template mode.
    public static let responseStart = instructionHeader + "\n"

    /// Where a reply is over: the model starting again, or explaining after the tests.
    public static let stops = ["\n" + instructionHeader, "\n### Explanation"]
}
