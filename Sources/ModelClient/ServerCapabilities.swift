/// What an endpoint can do, found by `CapabilityProbe` before any work starts.
public struct ServerCapabilities: Sendable, Hashable, Codable {
    public var kind: ServerKind
    /// The model name to send (configured, or the server's first model).
    public var model: String
    /// Whether raw-prompt `/v1/completions` exists (else only chat works).
    public var supportsCompletions: Bool
    /// Whether `n` > 1 returns that many choices.
    public var supportsMultipleChoices: Bool
    public var supportsLogprobs: Bool
    /// How many top logprobs per position the server gave when asked for `probedTopLogprobs`
    /// (it may allow more); 0 without logprobs.
    public var topLogprobsLimit: Int
    /// Parallel slots (llama.cpp), when the server says.
    public var slots: Int?
    /// Tokens of context per slot (llama.cpp), when the server says: how far back a penalty
    /// over "prompt and output" must look.
    public var contextPerSlot: Int?

    public init(kind: ServerKind, model: String, supportsCompletions: Bool, supportsMultipleChoices: Bool,
                supportsLogprobs: Bool, topLogprobsLimit: Int, slots: Int? = nil, contextPerSlot: Int? = nil) {
        self.contextPerSlot = contextPerSlot
        self.kind = kind
        self.model = model
        self.supportsCompletions = supportsCompletions
        self.supportsMultipleChoices = supportsMultipleChoices
        self.supportsLogprobs = supportsLogprobs
        self.topLogprobsLimit = topLogprobsLimit
        self.slots = slots
    }

    /// What a pipeline needs from a server, checked before any work starts.
    public struct Requirements: Sendable, Hashable {
        public var completions: Bool
        public var topLogprobs: Int
        public var multipleChoices: Bool

        public init(completions: Bool = false, topLogprobs: Int = 0, multipleChoices: Bool = false) {
            self.completions = completions
            self.topLogprobs = topLogprobs
            self.multipleChoices = multipleChoices
        }
    }

    /// Throws a clear error naming the endpoint when a requirement is not met.
    public func check(_ requirements: Requirements, endpoint: String) throws {
        if requirements.completions && !supportsCompletions {
            throw ModelClientError.unsupported(endpoint: endpoint, detail: "\(kind) server has no /v1/completions; this stage needs raw-prompt completions")
        }
        if requirements.topLogprobs > 0 {
            guard supportsLogprobs else {
                throw ModelClientError.unsupported(endpoint: endpoint, detail: "\(kind) server returns no logprobs; this stage reads the top \(requirements.topLogprobs) logprobs")
            }
            guard topLogprobsLimit >= requirements.topLogprobs else {
                throw ModelClientError.unsupported(endpoint: endpoint, detail: "\(kind) server returns at most \(topLogprobsLimit) top logprobs; this stage needs \(requirements.topLogprobs) (vLLM: raise --max-logprobs)")
            }
        }
        if requirements.multipleChoices && !supportsMultipleChoices {
            throw ModelClientError.unsupported(endpoint: endpoint, detail: "\(kind) server ignores n > 1; this stage needs several choices per request")
        }
    }
}
