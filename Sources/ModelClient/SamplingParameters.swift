/// How to sample, shared by completion and chat requests. `nil` leaves the server's default.
///
/// Servers differ in their defaults (llama.cpp cuts with top-k 40, top-p 0.95 and min-p 0.05
/// and penalizes only the last 64 tokens; vLLM cuts nothing and penalizes prompt and output),
/// so a pipeline that wants the same distribution everywhere sets every field here;
/// `SamplingWire` spells them per server kind.
public struct SamplingParameters: Sendable, Hashable, Codable {
    /// Number of choices to return for the one prompt.
    public var n: Int
    public var temperature: Double?
    public var topP: Double?
    /// Keep only the k most likely tokens; 0 turns the cut off (sent as -1 to vLLM and SGLang).
    public var topK: Int?
    /// Drop tokens less likely than this fraction of the most likely one; 0 turns it off.
    public var minP: Double?
    public var maxTokens: Int?
    public var stop: [String]
    public var seed: Int?
    /// Multiplicative repetition penalty (1.0 = none). Sent as `repetition_penalty` to vLLM and
    /// SGLang and as `repeat_penalty` to llama.cpp; plain OpenAI APIs have no equivalent.
    public var repetitionPenalty: Double?
    /// Which tokens the repetition penalty looks at (llama.cpp's `repeat_last_n`; vLLM always
    /// looks at prompt and output and has no setting).
    public var repetitionPenaltyRange: RepetitionPenaltyRange?
    /// How many alternatives to return at each generated position (0 or nil: no logprobs).
    public var topLogprobs: Int?
    /// llama.cpp only: `false` turns off reuse of a slot's cached prompt, which makes seeded
    /// sampling repeatable from run to run (cache reuse changes the arithmetic slightly).
    public var cachePrompt: Bool?

    public init(n: Int = 1, temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil,
                stop: [String] = [], seed: Int? = nil, repetitionPenalty: Double? = nil,
                topLogprobs: Int? = nil, cachePrompt: Bool? = nil, topK: Int? = nil, minP: Double? = nil,
                repetitionPenaltyRange: RepetitionPenaltyRange? = nil) {
        self.cachePrompt = cachePrompt
        self.n = n
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.repetitionPenalty = repetitionPenalty
        self.repetitionPenaltyRange = repetitionPenaltyRange
        self.topLogprobs = topLogprobs
    }

    /// Greedy decoding: temperature 0, one choice.
    public static func greedy(maxTokens: Int, topLogprobs: Int? = nil, stop: [String] = []) -> SamplingParameters {
        SamplingParameters(n: 1, temperature: 0, maxTokens: maxTokens, stop: stop, topLogprobs: topLogprobs)
    }

    /// These parameters with every distribution-shaping field not yet set made explicit as
    /// vLLM's defaults: top-p 1, no top-k, min-p 0, no repetition penalty, over prompt and output.
    public func withExplicitDefaults() -> SamplingParameters {
        var copy = self
        copy.topP = topP ?? 1
        copy.topK = topK ?? 0
        copy.minP = minP ?? 0
        copy.repetitionPenalty = repetitionPenalty ?? 1
        copy.repetitionPenaltyRange = repetitionPenaltyRange ?? .promptAndOutput
        return copy
    }

    var wantsLogprobs: Bool { (topLogprobs ?? 0) > 0 }
}

/// Which earlier tokens a repetition penalty applies to.
public enum RepetitionPenaltyRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Every token of the prompt and of the output so far (vLLM; llama.cpp: `repeat_last_n` =
    /// the slot's context size).
    case promptAndOutput
    /// Only the last n tokens of the context (llama.cpp's default is 64).
    case lastTokens(Int)

    /// `all`, or a token count.
    public init?(argument: String) {
        if argument == "all" {
            self = .promptAndOutput
        } else if let count = Int(argument), count > 0 {
            self = .lastTokens(count)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .promptAndOutput: "all"
        case .lastTokens(let count): String(count)
        }
    }
}
