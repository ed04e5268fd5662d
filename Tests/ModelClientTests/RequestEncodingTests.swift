import Foundation
import Testing
@testable import ModelClient

@Suite("Request bodies")
struct RequestEncodingTests {
    private func encode(_ body: RequestBody) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(body)) as? [String: Any])
    }

    private let sampling = SamplingParameters(n: 4, temperature: 0.8, topP: 0.95, maxTokens: 2048, stop: ["```"],
                                              seed: 7, repetitionPenalty: 1.1, topLogprobs: 5)

    @Test("Repetition penalty is named per server kind")
    func repetitionPenalty() throws {
        let llama = try encode(RequestBody(model: "m", payload: .prompt("p"), sampling: sampling, kind: .llamaCpp))
        #expect(llama["repeat_penalty"] as? Double == 1.1)
        #expect(llama["repetition_penalty"] == nil)
        let vllm = try encode(RequestBody(model: "m", payload: .prompt("p"), sampling: sampling, kind: .vllm))
        #expect(vllm["repetition_penalty"] as? Double == 1.1)
        #expect(vllm["repeat_penalty"] == nil)
        let openAI = try encode(RequestBody(model: "m", payload: .prompt("p"), sampling: sampling, kind: .openAI))
        #expect(openAI["repetition_penalty"] == nil && openAI["repeat_penalty"] == nil)
    }

    @Test("Completions ask for logprobs as a count; chat as a flag plus top_logprobs")
    func logprobs() throws {
        let completion = try encode(RequestBody(model: nil, payload: .prompt("p"), sampling: sampling, kind: .vllm))
        #expect(completion["logprobs"] as? Int == 5)
        #expect(completion["top_logprobs"] == nil)
        #expect(completion["prompt"] as? String == "p")
        #expect(completion["model"] == nil)
        #expect(completion["n"] as? Int == 4)
        #expect(completion["max_tokens"] as? Int == 2048)
        #expect(completion["stop"] as? [String] == ["```"])
        #expect(completion["seed"] as? Int == 7)
        #expect(completion["top_p"] as? Double == 0.95)
        let chat = try encode(RequestBody(model: "m", payload: .messages([.user("hi")]), sampling: sampling, kind: .vllm))
        #expect(chat["logprobs"] as? Bool == true)
        #expect(chat["top_logprobs"] as? Int == 5)
        #expect((chat["messages"] as? [[String: String]])?.first?["role"] == "user")
    }

    @Test("Unset parameters are left out, so the server's defaults apply")
    func defaults() throws {
        let body = try encode(RequestBody(model: nil, payload: .prompt("p"), sampling: SamplingParameters(), kind: nil))
        #expect(Set(body.keys) == ["prompt", "n"])
    }
}

@Suite("Explicit sampling per server kind")
struct ExplicitSamplingTests {
    private func encode(_ sampling: SamplingParameters, kind: ServerKind?, contextPerSlot: Int? = nil) throws -> [String: Any] {
        let body = RequestBody(model: "m", payload: .prompt("p"), sampling: sampling, kind: kind, contextPerSlot: contextPerSlot)
        return try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(body)) as? [String: Any])
    }

    /// The reference's vLLM sampling: no top-k/top-p/min-p cut, penalty over prompt and output.
    private let reference = SamplingParameters(n: 3, temperature: 0.8, maxTokens: 2048, stop: ["```"], seed: 5,
                                               repetitionPenalty: 1.1).withExplicitDefaults()

    @Test("llama.cpp: top-k 0, min-p 0, top-p 1, the penalty over the whole context")
    func llamaCpp() throws {
        let body = try encode(reference, kind: .llamaCpp, contextPerSlot: 4096)
        #expect(body["top_k"] as? Int == 0)
        #expect(body["top_p"] as? Double == 1)
        #expect(body["min_p"] as? Double == 0)
        #expect(body["repeat_penalty"] as? Double == 1.1)
        // The slot's context (the engine refuses -1), or a generous bound when unknown.
        #expect(body["repeat_last_n"] as? Int == 4096)
        #expect(try encode(reference, kind: .llamaCpp)["repeat_last_n"] as? Int == SamplingWire.llamaCppWholeContextFallback)
        #expect(body["temperature"] as? Double == 0.8)
        #expect(body["seed"] as? Int == 5)
        #expect(body["repetition_penalty"] == nil)
    }

    @Test("vLLM and SGLang: top-k -1, min-p 0, top-p 1, repetition_penalty, no range field")
    func vllmAndSGLang() throws {
        for kind in [ServerKind.vllm, .sglang] {
            let body = try encode(reference, kind: kind)
            #expect(body["top_k"] as? Int == -1)
            #expect(body["top_p"] as? Double == 1)
            #expect(body["min_p"] as? Double == 0)
            #expect(body["repetition_penalty"] as? Double == 1.1)
            #expect(body["repeat_last_n"] == nil && body["repeat_penalty"] == nil)
        }
        let lastN = SamplingWire(SamplingParameters(repetitionPenalty: 1.1, repetitionPenaltyRange: .lastTokens(64)),
                                 kind: .vllm, chat: false)
        #expect(lastN.unsent["repetition_penalty_range"] != nil)
    }

    @Test("OpenAI: only what the API has; the rest is listed as not sent")
    func openAI() throws {
        let body = try encode(reference, kind: .openAI)
        #expect(body["top_p"] as? Double == 1)
        #expect(body["top_k"] == nil && body["min_p"] == nil && body["repetition_penalty"] == nil)
        let wire = SamplingWire(reference, kind: .openAI, chat: false)
        #expect(wire.unsent.keys.sorted() == ["repetition_penalty"])
        // Neutral values are what the API does anyway: nothing to report.
        let neutral = SamplingWire(SamplingParameters(temperature: 0, maxTokens: 1).withExplicitDefaults(), kind: .openAI, chat: false)
        #expect(neutral.unsent.isEmpty)
    }

    @Test("The record names the server and the fields as sent, without n and seed")
    func record() throws {
        let text = SamplingWire.record(reference, kind: .llamaCpp, chat: false)
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["server"] as? String == "llama.cpp")
        let sent = try #require(object["sent"] as? [String: Any])
        #expect(sent["top_k"] as? Int == 0 && sent["repeat_last_n"] as? Int == SamplingWire.llamaCppWholeContextFallback)
        #expect(sent["n"] == nil && sent["seed"] == nil)
    }
}
