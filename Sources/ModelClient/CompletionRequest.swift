/// A raw-prompt completion request. The prompt is sent as is: format it with a `PromptTemplate`.
public struct CompletionRequest: Sendable, Hashable {
    public var prompt: String
    public var sampling: SamplingParameters
    /// Model name to send; nil uses the endpoint's configured or probed model.
    public var model: String?

    public init(prompt: String, sampling: SamplingParameters = SamplingParameters(), model: String? = nil) {
        self.prompt = prompt
        self.sampling = sampling
        self.model = model
    }
}

/// One message of a chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
}

/// A chat completion request.
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    public var sampling: SamplingParameters
    public var model: String?

    public init(messages: [ChatMessage], sampling: SamplingParameters = SamplingParameters(), model: String? = nil) {
        self.messages = messages
        self.sampling = sampling
        self.model = model
    }
}
