/// Anything that turns prompts into text: one OpenAI-compatible server, a pool of them, or a
/// test double. Every pipeline stage that calls a model goes through this protocol.
public protocol LanguageModel: Sendable {
    /// Raw-prompt completion (`/v1/completions`). Pipelines use it with a prompt template whose
    /// response is pre-filled, so the model continues from there.
    func complete(_ request: CompletionRequest) async throws -> CompletionResult

    /// Chat completion (`/v1/chat/completions`), for APIs without raw completions.
    func chat(_ request: ChatRequest) async throws -> CompletionResult
}
