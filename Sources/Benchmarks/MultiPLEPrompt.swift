import InstructData

/// How a model is asked for a MultiPL-E task, the two ways HumanEval has: a raw-prompt template
/// pre-fills the response with an opening fence and the task's prompt, so the model continues
/// the function, cut at the closing fence and the file's stop tokens (MultiPL-E's continuation);
/// a chat model answers with a code block, whose text after the prompt's last line (the
/// signature) is the completion, cut the same way.
extension MultiPLEProblem: GenerationTask {
    public var taskID: String { name }

    /// The language's name in a Markdown fence.
    var fenceTag: String {
        switch language {
        case .java: "java"
        case .js: "javascript"
        case .cpp: "cpp"
        case .php: "php"
        case .swift: "swift"
        case .rs: "rust"
        }
    }

    public var generationInstruction: String {
        "Write a solution to the following problem:\n```\(fenceTag)\n\(prompt.trimmingWhitespace())\n```"
    }

    public var generationResponsePrefix: String { "```\(fenceTag)\n" + prompt }

    public var generationStops: [String] { stopTokens }

    public func sampleCode(fromContinuation text: String) -> String {
        cut(text.range(of: BenchmarkPrompt.stop).map { String(text[..<$0.lowerBound]) } ?? text)
    }

    public func sampleCode(fromChatReply text: String) -> String {
        let blocks = CodeBlockParser.blocks(in: text)
        let code = (blocks.first { $0.language == fenceTag || $0.language == language.code } ?? blocks.first)?.code ?? text
        // The reply repeats the prompt (or at least the signature): the completion starts after it.
        let signature = prompt.split(separator: "\n", omittingEmptySubsequences: true).last
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !signature.isEmpty, let found = code.range(of: signature) else { return cut(code) }
        var rest = code[found.upperBound...]
        if rest.first == "\n" { rest = rest.dropFirst() }
        return cut("\n" + rest).dropLeadingNewline()
    }
}

private extension String {
    /// A completion continues the prompt, which ends with a newline: it starts on the next line.
    func dropLeadingNewline() -> String { hasPrefix("\n") ? String(dropFirst()) : self }
}
