/// A task a model writes samples for: what the model is asked, where a pre-filled response
/// stops, and how its answer becomes the sample's code. HumanEval/MBPP problems and MultiPL-E
/// problems both are one, so one generation (Pipelines' `BenchmarkGeneration`) serves all.
public protocol GenerationTask: Sendable {
    var taskID: String { get }
    /// The instruction (for a chat model, the whole message).
    var generationInstruction: String { get }
    /// The start of the response that raw-prompt templates pre-fill.
    var generationResponsePrefix: String { get }
    /// Where a pre-filled response stops, besides the closing fence.
    var generationStops: [String] { get }
    /// The sample's code from the continuation of the pre-filled response.
    func sampleCode(fromContinuation text: String) -> String
    /// The sample's code from a chat reply, where nothing could be pre-filled.
    func sampleCode(fromChatReply text: String) -> String
}

extension BenchmarkProblem: GenerationTask {
    public var generationInstruction: String { BenchmarkPrompt.instruction(for: self) }
    public var generationResponsePrefix: String { BenchmarkPrompt.responsePrefix(for: self) }
    public var generationStops: [String] { [] }
    public func sampleCode(fromContinuation text: String) -> String { BenchmarkPrompt.code(fromContinuation: text) }
    public func sampleCode(fromChatReply text: String) -> String { BenchmarkPrompt.code(fromChatReply: text) }
}
