/// How to sample, shared by completion and chat requests. `nil` leaves the server's default.
public struct SamplingParameters: Sendable, Hashable, Codable {
    /// Number of choices to return for the one prompt.
    public var n: Int
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var stop: [String]
    public var seed: Int?
    /// Multiplicative repetition penalty (1.0 = none). Sent as `repetition_penalty` to vLLM and
    /// SGLang and as `repeat_penalty` to llama.cpp; plain OpenAI APIs have no equivalent.
    public var repetitionPenalty: Double?
    /// How many alternatives to return at each generated position (0 or nil: no logprobs).
    public var topLogprobs: Int?
    /// llama.cpp only: `false` turns off reuse of a slot's cached prompt, which makes seeded
    /// sampling repeatable from run to run (cache reuse changes the arithmetic slightly).
    public var cachePrompt: Bool?

    public init(n: Int = 1, temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil,
                stop: [String] = [], seed: Int? = nil, repetitionPenalty: Double? = nil,
                topLogprobs: Int? = nil, cachePrompt: Bool? = nil) {
        self.cachePrompt = cachePrompt
        self.n = n
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.repetitionPenalty = repetitionPenalty
        self.topLogprobs = topLogprobs
    }

    /// Greedy decoding: temperature 0, one choice.
    public static func greedy(maxTokens: Int, topLogprobs: Int? = nil, stop: [String] = []) -> SamplingParameters {
        SamplingParameters(n: 1, temperature: 0, maxTokens: maxTokens, stop: stop, topLogprobs: topLogprobs)
    }

    var wantsLogprobs: Bool { (topLogprobs ?? 0) > 0 }
}
