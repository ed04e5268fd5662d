import InstructData
import ModelClient

/// How prompts reach the model: a raw-prompt template, whose response can be pre-filled (the
/// pipelines' "Write a python..." start), or chat messages for APIs without raw completions.
public enum PromptMode: Sendable, Hashable, CustomStringConvertible {
    case template(PromptTemplate)
    case chat

    /// Resolves `prompt_format`: a template name, `chat`, or `auto`, which picks the template
    /// the model was trained with from its name (Magicoder-format models — Magicoder,
    /// WizardCoder, InverseCoder — get `magicoder`; Qwen gets ChatML; and so on).
    public static func resolve(_ setting: String, modelName: String, supportsCompletions: Bool) throws -> PromptMode {
        switch setting.lowercased() {
        case "chat": return .chat
        case "auto":
            guard supportsCompletions else { return .chat }
            let name = modelName.lowercased()
            if ["magicoder", "inversecoder", "wizardcoder"].contains(where: name.contains) { return .template(.magicoder) }
            if name.contains("qwen") { return .template(.chatml) }
            if name.contains("llama-3") || name.contains("llama3") { return .template(.llama3) }
            if name.contains("deepseek") { return .template(.deepseekCoder) }
            if name.contains("smollm") { return .template(.chatml) }
            return .template(.magicoder)
        default:
            guard let template = PromptTemplate.named(setting) else {
                throw ToolError(.invalidSettings, "unknown prompt format '\(setting)'; use auto, chat, "
                    + PromptTemplate.all.map(\.name).joined(separator: ", "))
            }
            return .template(template)
        }
    }

    public var description: String {
        switch self {
        case .template(let template): template.name
        case .chat: "chat"
        }
    }
}
