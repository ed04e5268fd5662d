import InstructData
import ModelClient
import Testing
@testable import Pipelines

/// The summarize and self-evaluation prompts, rendered for fixed snippets, byte for byte
/// against the reference implementation's templates (wyt2000/InverseCoder: the reversed
/// Magicoder prompt with the opener and the fence's raw tag appended; the Magicoder prompt with
/// the Yes/No question and an empty response), and the same instruction texts in ChatML.
@Suite struct GoldenPromptTests {
    static let magicoderSystem = "You are an exceptionally intelligent coding assistant that consistently delivers accurate and reliable responses to user instructions."
    static let qwenSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."

    let cpp = Snippet(id: "cpp", language: "cpp", tag: "c++", code: "int add(int a, int b) {\n    return a + b;\n}",
                      instruction: "", source: SourceLocation(file: "f", line: 1, index: 0), block: 0, unclosedFence: false,
                      extra: [:])
    let untagged = Snippet(id: "py", language: "python", tag: "", code: "def twice(x):\n    return 2 * x",
                           instruction: "", source: SourceLocation(file: "f", line: 2, index: 1), block: 0,
                           unclosedFence: false, extra: [:])

    func summarizePrompt(_ snippet: Snippet, template: PromptTemplate, settings: InverseInstructSettings, opener: String) throws -> String {
        let worker = SummarizeWorker(model: UnusedModel(), mode: .template(template), settings: settings, choicesPerRequest: 10)
        return try #require(worker.prompt(for: InverseInstructRun.payload(for: snippet, settings: settings), opener: opener))
    }

    func selfEvaluationPrompt(_ snippet: Snippet, template: PromptTemplate, settings: InverseInstructSettings, instruction: String) throws -> String {
        let worker = ScoreWorker(model: UnusedModel(), mode: .template(template), settings: settings, topLogprobs: 5)
        return try #require(worker.prompt(instruction: instruction,
                                          snippet: InverseInstructRun.payload(for: snippet, settings: settings)))
    }

    @Test func magicoderSummarizeWithTheRawTag() throws {
        let expected = Self.magicoderSystem + "\n\n@@ Instruction\n"
            + "This is a response code snippet to a programming problem, please give the problem description:\n"
            + "```c++\nint add(int a, int b) {\n    return a + b;\n}\n```"
            + "\n\n@@ Response\nWrite a c++"
        #expect(try summarizePrompt(cpp, template: .magicoder, settings: .paper, opener: "Write a") == expected)
        // The tool's default shows the normalized name instead.
        let normalized = try summarizePrompt(cpp, template: .magicoder, settings: InverseInstructSettings(), opener: "Write a")
        #expect(normalized == expected.replacingOccurrences(of: "c++", with: "cpp"))
    }

    @Test func magicoderSummarizeOfAnUntaggedFence() throws {
        // The reference adds no tag after the opener when the fence has none.
        let expected = Self.magicoderSystem + "\n\n@@ Instruction\n"
            + "This is a response code snippet to a programming problem, please give the problem description:\n"
            + "```\ndef twice(x):\n    return 2 * x\n```"
            + "\n\n@@ Response\nI want a"
        #expect(try summarizePrompt(untagged, template: .magicoder, settings: .paper, opener: "I want a") == expected)
    }

    @Test func magicoderSelfEvaluation() throws {
        let expected = Self.magicoderSystem + "\n\n@@ Instruction\n"
            + "Here is a programming problem:\nWrite a c++ function that adds two integers.\n\n"
            + "Here is the answer code to the problem:\n"
            + "```c++\nint add(int a, int b) {\n    return a + b;\n}\n```"
            + "\nIs the answer correct? Your reply should begin with Yes or No."
            + "\n\n@@ Response\n"
        #expect(try selfEvaluationPrompt(cpp, template: .magicoder, settings: .paper,
                                         instruction: "Write a c++ function that adds two integers.") == expected)
    }

    @Test func chatmlSummarizeAndSelfEvaluation() throws {
        let summarize = "<|im_start|>system\n" + Self.qwenSystem + "<|im_end|>\n<|im_start|>user\n"
            + "This is a response code snippet to a programming problem, please give the problem description:\n"
            + "```\ndef twice(x):\n    return 2 * x\n```"
            + "<|im_end|>\n<|im_start|>assistant\nDesign a"
        #expect(try summarizePrompt(untagged, template: .chatml, settings: .paper, opener: "Design a") == summarize)

        let evaluate = "<|im_start|>system\n" + Self.qwenSystem + "<|im_end|>\n<|im_start|>user\n"
            + "Here is a programming problem:\nWrite a c++ function that adds two integers.\n\n"
            + "Here is the answer code to the problem:\n"
            + "```c++\nint add(int a, int b) {\n    return a + b;\n}\n```"
            + "\nIs the answer correct? Your reply should begin with Yes or No."
            + "<|im_end|>\n<|im_start|>assistant\n"
        #expect(try selfEvaluationPrompt(cpp, template: .chatml, settings: .paper,
                                         instruction: "Write a c++ function that adds two integers.") == evaluate)
    }
}
