import Foundation

/// The sampling fields of one request body, spelled the way a server kind reads them, plus
/// what that kind cannot take. One place decides the spelling, so the request bodies and the
/// record of what was sent (the run store's) cannot disagree.
public struct SamplingWire: Sendable, Hashable {
    /// One JSON value of a sampling field.
    public enum Value: Sendable, Hashable, Encodable {
        case int(Int)
        case double(Double)
        case bool(Bool)
        case strings([String])

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            }
        }
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: Value
    }

    /// In the order they are written.
    public private(set) var fields: [Field] = []
    /// Setting → why this server kind does not get it (only settings that would change the
    /// distribution; a neutral value the server applies anyway is not listed).
    public private(set) var unsent: [String: String] = [:]

    /// llama.cpp's `repeat_last_n` for "prompt and output" when the context size is unknown:
    /// it refuses -1, and sizes a buffer by the value, so a generous bound rather than a huge one.
    public static let llamaCppWholeContextFallback = 65_536

    /// `chat` picks the chat spelling of logprobs (a flag plus `top_logprobs`); `contextPerSlot`
    /// is llama.cpp's context per slot, which a penalty over prompt and output covers.
    public init(_ sampling: SamplingParameters, kind: ServerKind?, chat: Bool, contextPerSlot: Int? = nil) {
        // Unprobed endpoints get vLLM's names, which llama.cpp also reads where it matters.
        let kind = kind ?? .vllm
        add("n", .int(sampling.n))
        if let temperature = sampling.temperature { add("temperature", .double(temperature)) }
        if let topP = sampling.topP { add("top_p", .double(topP)) }
        if let topK = sampling.topK {
            switch kind {
            case .llamaCpp: add("top_k", .int(max(0, topK)))
            case .vllm, .sglang: add("top_k", .int(topK <= 0 ? -1 : topK))
            case .openAI: if topK > 0 { unsent["top_k"] = "the OpenAI API has no top-k" }
            }
        }
        if let minP = sampling.minP {
            if kind == .openAI {
                if minP > 0 { unsent["min_p"] = "the OpenAI API has no min-p" }
            } else {
                add("min_p", .double(minP))
            }
        }
        if let maxTokens = sampling.maxTokens { add("max_tokens", .int(maxTokens)) }
        if !sampling.stop.isEmpty { add("stop", .strings(sampling.stop)) }
        if let seed = sampling.seed { add("seed", .int(seed)) }
        if let penalty = sampling.repetitionPenalty {
            if let field = kind.repetitionPenaltyField {
                add(field, .double(penalty))
            } else if penalty != 1 {
                unsent["repetition_penalty"] = "the OpenAI API has no multiplicative repetition penalty"
            }
        }
        if let range = sampling.repetitionPenaltyRange, (sampling.repetitionPenalty ?? 1) != 1 || kind == .llamaCpp {
            switch (kind, range) {
            case (.llamaCpp, .promptAndOutput):
                // The bundled engine refuses -1 (its "whole context"); the context size is the same.
                add("repeat_last_n", .int(contextPerSlot ?? Self.llamaCppWholeContextFallback))
            case (.llamaCpp, .lastTokens(let count)): add("repeat_last_n", .int(count))
            case (.vllm, .promptAndOutput): break  // what vLLM always does
            case (.vllm, .lastTokens): unsent["repetition_penalty_range"] = "vLLM always penalizes prompt and output"
            case (.sglang, _): unsent["repetition_penalty_range"] = "SGLang has no setting (recent versions penalize output tokens only)"
            case (.openAI, _): break  // no penalty at all, said above
            }
        }
        if let cachePrompt = sampling.cachePrompt, kind == .llamaCpp { add("cache_prompt", .bool(cachePrompt)) }
        if let top = sampling.topLogprobs, top > 0 {
            if chat {
                add("logprobs", .bool(true))
                add("top_logprobs", .int(top))
            } else {
                add("logprobs", .int(top))
            }
        }
    }

    private mutating func add(_ name: String, _ value: Value) {
        fields.append(Field(name: name, value: value))
    }

    /// What a run records: the server kind, the fields as sent and what could not be sent, as
    /// one JSON object (`n` and `seed` vary per request and are left out).
    public static func record(_ sampling: SamplingParameters, kind: ServerKind?, chat: Bool, contextPerSlot: Int? = nil) -> String {
        let wire = SamplingWire(sampling, kind: kind, chat: chat, contextPerSlot: contextPerSlot)
        var object: [String: Any] = ["server": (kind ?? .vllm).rawValue]
        var sent: [String: Any] = [:]
        for field in wire.fields where field.name != "n" && field.name != "seed" {
            switch field.value {
            case .int(let value): sent[field.name] = value
            case .double(let value): sent[field.name] = value
            case .bool(let value): sent[field.name] = value
            case .strings(let value): sent[field.name] = value
            }
        }
        object["sent"] = sent
        if !wire.unsent.isEmpty { object["not_sent"] = wire.unsent }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
