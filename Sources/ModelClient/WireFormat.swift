import Foundation

// The JSON that goes over the wire: request bodies, and replies from the servers we speak to.
// Two logprob shapes exist for the same idea:
//  - `content`: [{token, logprob, top_logprobs: [{token, logprob}]}] (llama.cpp on both
//    endpoints, OpenAI chat, vLLM chat);
//  - legacy completions: {tokens: [..], token_logprobs: [..], top_logprobs: [{token: lp}]}
//    (vLLM, SGLang and OpenAI /v1/completions).

/// The body of a completion or chat request.
struct RequestBody: Encodable {
    enum Payload {
        case prompt(String)
        case messages([ChatMessage])
    }

    var model: String?
    var payload: Payload
    var sampling: SamplingParameters
    var kind: ServerKind?
    /// llama.cpp's context per slot, for a repetition penalty over prompt and output.
    var contextPerSlot: Int? = nil

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(model, forKey: Key("model"))
        let chat: Bool
        switch payload {
        case .prompt(let prompt):
            try container.encode(prompt, forKey: Key("prompt"))
            chat = false
        case .messages(let messages):
            try container.encode(messages, forKey: Key("messages"))
            chat = true
        }
        for field in SamplingWire(sampling, kind: kind, chat: chat, contextPerSlot: contextPerSlot).fields {
            try container.encode(field.value, forKey: Key(field.name))
        }
    }
}

/// A completion or chat reply, in either logprob shape.
struct WireReply: Decodable {
    var model: String?
    var choices: [WireChoice]
    var usage: WireUsage?
}

struct WireUsage: Decodable {
    var prompt_tokens: Int?
    var completion_tokens: Int?
}

struct WireChoice: Decodable {
    struct Message: Decodable { var content: String? }
    var index: Int?
    var text: String?
    var message: Message?
    var finish_reason: String?
    var logprobs: WireLogprobs?
}

struct WireLogprobs: Decodable {
    var positions: [TokenLogprobs]

    private struct ContentEntry: Decodable {
        struct Alternative: Decodable {
            var token: String
            var logprob: Double
        }
        var token: String
        var logprob: Double?
        var top_logprobs: [Alternative]?
    }

    private enum Keys: String, CodingKey {
        case content, tokens, token_logprobs, top_logprobs
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.content) {
            let entries = try container.decodeIfPresent([ContentEntry].self, forKey: .content) ?? []
            positions = entries.map { entry in
                let top = (entry.top_logprobs ?? []).map { TopLogprob(token: $0.token, logprob: $0.logprob) }
                return TokenLogprobs(token: entry.token, logprob: entry.logprob, top: top.sortedByLogprob())
            }
            return
        }
        let tokens = try container.decodeIfPresent([String].self, forKey: .tokens) ?? []
        let tokenLogprobs = try container.decodeIfPresent([Double?].self, forKey: .token_logprobs) ?? []
        let topMaps = try container.decodeIfPresent([[String: Double]?].self, forKey: .top_logprobs) ?? []
        positions = tokens.indices.map { index in
            let map = index < topMaps.count ? (topMaps[index] ?? [:]) : [:]
            let top = map.map { TopLogprob(token: $0.key, logprob: $0.value) }
            return TokenLogprobs(token: tokens[index],
                                 logprob: index < tokenLogprobs.count ? tokenLogprobs[index] : nil,
                                 top: top.sortedByLogprob())
        }
    }
}

extension [TopLogprob] {
    /// Most likely first; equal logprobs by token text, so the order does not depend on a
    /// dictionary's hashing.
    func sortedByLogprob() -> [TopLogprob] {
        sorted { $0.logprob != $1.logprob ? $0.logprob > $1.logprob : $0.token < $1.token }
    }
}

/// The message inside an error reply: `{"error": {"message"}}` (OpenAI, llama.cpp),
/// `{"message"}` (vLLM), `{"detail"}` (FastAPI), or else the start of the body.
enum ServerErrorMessage {
    static func extract(from body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let error = object["error"] as? String { return error }
            if let message = object["message"] as? String { return message }
            if let detail = object["detail"] as? String { return detail }
        }
        let text = String(decoding: body.prefix(500), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}

enum ReplyParser {
    private static let decoder = JSONDecoder()

    /// Turns a 200 reply body into a result; a body that is not a reply is an error naming the endpoint.
    static func parse(_ body: [UInt8], endpoint: String) throws -> CompletionResult {
        let reply: WireReply
        do {
            reply = try decoder.decode(WireReply.self, from: Data(body))
        } catch {
            let start = String(decoding: body.prefix(200), as: UTF8.self)
            throw ModelClientError.invalidReply(endpoint: endpoint, detail: "not a completion reply (\(Self.describe(error))): \(start)")
        }
        let choices = reply.choices.enumerated().map { offset, choice in
            Choice(index: choice.index ?? offset,
                   text: choice.text ?? choice.message?.content ?? "",
                   finishReason: FinishReason(choice.finish_reason),
                   logprobs: choice.logprobs?.positions)
        }
        let usage = TokenUsage(promptTokens: reply.usage?.prompt_tokens ?? 0,
                               completionTokens: reply.usage?.completion_tokens ?? 0)
        return CompletionResult(choices: choices.sorted { $0.index < $1.index }, usage: usage,
                                model: reply.model ?? "", endpoint: endpoint)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "invalid JSON"
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}
