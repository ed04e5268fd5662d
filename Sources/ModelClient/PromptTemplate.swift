/// A named prompt format for raw-prompt completion: a system sentence, the instruction, and the
/// start of the response, which pipelines pre-fill ("Write a python" …) so the model continues
/// from there. `stop` holds the format's end-of-turn markers.
public struct PromptTemplate: Sendable, Hashable {
    public var name: String
    public var defaultSystem: String?
    /// Text before the instruction; `{system}` is replaced by the system sentence.
    var header: String
    /// Text between the instruction and the response.
    var separator: String
    public var stop: [String]

    public init(name: String, defaultSystem: String?, header: String, separator: String, stop: [String]) {
        self.name = name
        self.defaultSystem = defaultSystem
        self.header = header
        self.separator = separator
        self.stop = stop
    }

    /// The prompt for one instruction, ending with `responsePrefix` (may be empty).
    public func render(instruction: String, responsePrefix: String = "", system: String? = nil) -> String {
        let systemText = system ?? defaultSystem ?? ""
        return header.replacingOccurrences(of: "{system}", with: systemText) + instruction + separator + responsePrefix
    }

    /// The same conversation as chat messages, for APIs without raw completions. Chat mode cannot
    /// pre-fill the response portably, so the prefix is left to the caller.
    public func messages(instruction: String, system: String? = nil) -> [ChatMessage] {
        var result: [ChatMessage] = []
        if let text = system ?? defaultSystem { result.append(.system(text)) }
        result.append(.user(instruction))
        return result
    }

    /// Magicoder / InverseCoder: a one-line system sentence, `@@ Instruction`, `@@ Response`.
    public static let magicoder = PromptTemplate(
        name: "magicoder",
        defaultSystem: "You are an exceptionally intelligent coding assistant that consistently delivers accurate and reliable responses to user instructions.",
        header: "{system}\n\n@@ Instruction\n",
        separator: "\n\n@@ Response\n",
        stop: [])

    /// ChatML as Qwen2.5(-Coder) uses it.
    public static let chatml = PromptTemplate(
        name: "chatml",
        defaultSystem: "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
        header: "<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n",
        separator: "<|im_end|>\n<|im_start|>assistant\n",
        stop: ["<|im_end|>", "<|endoftext|>"])

    /// Llama 3 instruct. No `<|begin_of_text|>`: servers add the BOS token to raw prompts.
    public static let llama3 = PromptTemplate(
        name: "llama3",
        defaultSystem: "You are a helpful assistant.",
        header: "<|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n",
        separator: "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
        stop: ["<|eot_id|>"])

    /// DeepSeek-Coder instruct.
    public static let deepseekCoder = PromptTemplate(
        name: "deepseek-coder",
        defaultSystem: "You are an AI programming assistant, utilizing the DeepSeek Coder model, developed by DeepSeek Company, and you only answer questions related to computer science. For politically sensitive questions, security and privacy issues, and other non-computer science questions, you will refuse to answer.",
        header: "{system}\n### Instruction:\n",
        separator: "\n### Response:\n",
        stop: ["<|EOT|>"])

    /// Alpaca (Code Alpaca, many fine-tunes).
    public static let alpaca = PromptTemplate(
        name: "alpaca",
        defaultSystem: "Below is an instruction that describes a task. Write a response that appropriately completes the request.",
        header: "{system}\n\n### Instruction:\n",
        separator: "\n\n### Response:\n",
        stop: ["\n### Instruction:"])

    public static let all: [PromptTemplate] = [.magicoder, .chatml, .llama3, .deepseekCoder, .alpaca]

    /// The template with this name (case-insensitive; `qwen` is chatml, `deepseek` deepseek-coder).
    public static func named(_ name: String) -> PromptTemplate? {
        let key = name.lowercased()
        let aliases = ["qwen": "chatml", "deepseek": "deepseek-coder", "llama-3": "llama3"]
        return all.first { $0.name == (aliases[key] ?? key) }
    }
}
