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
