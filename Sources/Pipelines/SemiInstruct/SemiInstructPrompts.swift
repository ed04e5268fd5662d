/// The generation prompt (the paper publishes none): natural code in; an instruction, a
/// well-formed function and test inputs out, in three headed sections a parser can find even
/// when a small model decorates them. The response is pre-filled with the first header, so a
/// template-mode model starts inside the format.
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
            let signature = "\(entry)(\(shape.parameters.joined(separator: ", ")))"
            return """
                Here is some Python code without a description:
                \(fencedCode)

                Turn it into a clean programming exercise. Reply with exactly three sections:

                \(instructionHeader)
                A self-contained task description: what the function takes, what it returns, and any special cases. Do not mention "the code above".

                \(functionHeader)
                ```python
                One well-formed Python function with a clear name, parameters in the same order as `\(signature)`, and a short docstring, that does exactly what `\(entry)` does (helper functions and imports allowed). No example calls, no prints, no tests.
                ```

                \(testsHeader)
                ```json
                [[first_argument, second_argument], ...]
                ```
                5 to 10 varied test inputs, including edge cases, as one JSON list; each item is the list of arguments for one call.
                """
        case .program:
            return """
                Here is a Python program that reads standard input and prints its answer:
                \(fencedCode)

                Turn it into a clean programming exercise. Reply with exactly three sections:

                \(instructionHeader)
                A self-contained task description: the input format, the output format, and any special cases. Do not mention "the code above".

                \(functionHeader)
                ```python
                A well-formed Python function with a clear name and parameters that computes the answer, followed by an `if __name__ == "__main__":` block that reads standard input exactly as the program does, calls the function and prints the result exactly as the program does.
                ```

                \(testsHeader)
                ```json
                ["first standard input\\n", ...]
                ```
                5 to 10 varied test inputs, including edge cases, as one JSON list of strings; each string is the whole standard input of one run.
                """
        }
    }

    /// The pre-filled start of the response in template mode.
    public static let responseStart = instructionHeader + "\n"
}
