/// Which server software answers at an endpoint. The OpenAI API is shared, but a few
/// parameters and replies differ, and the capability probe tells them apart.
public enum ServerKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case llamaCpp = "llama.cpp"
    case vllm = "vllm"
    case sglang = "sglang"
    /// Any other OpenAI-compatible API (OpenAI itself, proxies, gateways).
    case openAI = "openai"

    /// The request field for a multiplicative repetition penalty, or nil where there is none.
    public var repetitionPenaltyField: String? {
        switch self {
        case .llamaCpp: "repeat_penalty"
        case .vllm, .sglang: "repetition_penalty"
        case .openAI: nil
        }
    }

    public var description: String { rawValue }
}
