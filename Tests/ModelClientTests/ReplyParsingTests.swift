import Foundation
import Testing
@testable import ModelClient

@Suite("Parsing server replies")
struct ReplyParsingTests {
    @Test("llama.cpp completions: n choices, logprobs.content[].top_logprobs[]")
    func llamaCppCompletions() throws {
        let result = try ReplyParser.parse(try Fixture.bytes("llamacpp-completions.json"), endpoint: "http://a")
        #expect(result.choices.count == 2)
        #expect(result.choices.map(\.index) == [0, 1])
        #expect(result.choices[0].text == "\n    if")
        #expect(result.choices[0].finishReason == .length)
        #expect(result.usage == TokenUsage(promptTokens: 5, completionTokens: 2))
        #expect(result.endpoint == "http://a")
        let positions = try #require(result.choices[0].logprobs)
        #expect(positions.count == 2)
        #expect(positions[1].token == " if")
        #expect(positions[1].top.map(\.token) == [" if", " return", " fib"])
        let first = positions[1].dictionary
        #expect(first.count == 3)
        #expect(abs((first[" return"] ?? 0) - -1.8638406991958618) < 1e-12)
    }

    @Test("llama.cpp's one-choice usage under n > 1 is corrected from the logprobs")
    func llamaCppUsage() throws {
        let result = try ReplyParser.parse(try Fixture.bytes("llamacpp-completions.json"), endpoint: "http://a")
        #expect(OpenAICompatibleClient.llamaCppUsage(result, tokenized: nil).completionTokens == 4)
        var withoutLogprobs = result
        for index in withoutLogprobs.choices.indices { withoutLogprobs.choices[index].logprobs = nil }
        // Without logprobs and without the tokenizer: choice 0's count, scaled.
        #expect(OpenAICompatibleClient.llamaCppUsage(withoutLogprobs, tokenized: nil).completionTokens == 4)
    }

    @Test("llama.cpp's usage under n > 1 without logprobs: choice 0 as reported, the others tokenized")
    func llamaCppUsageFromTheTokenizer() {
        let result = CompletionResult(choices: [
            Choice(index: 0, text: "ten tokens", finishReason: .stop),
            Choice(index: 1, text: "cut off", finishReason: .length),
            Choice(index: 2, text: "stopped", finishReason: .stop),
        ], usage: TokenUsage(promptTokens: 30, completionTokens: 11), model: "m", endpoint: "http://a")
        // Choice 1 ran to max_tokens (no stop token); choice 2 stopped (one stop token more).
        #expect(OpenAICompatibleClient.llamaCppUsage(result, tokenized: [1: 40, 2: 5]).completionTokens == 11 + 40 + 5 + 1)
        #expect(OpenAICompatibleClient.llamaCppUsage(result, tokenized: nil).completionTokens == 33)
        #expect(OpenAICompatibleClient.llamaCppUsage(result, tokenized: nil).promptTokens == 30)
    }

    @Test("llama.cpp chat: message content and logprobs")
    func llamaCppChat() throws {
        let result = try ReplyParser.parse(try Fixture.bytes("llamacpp-chat.json"), endpoint: "http://a")
        #expect(result.text == "No,")
        let first = try #require(result.choices[0].logprobs?.first)
        #expect(first.dictionary == ["No": -1.1624908447265625, "Yes": -1.8228988647460938])
        #expect(result.usage.promptTokens == 43)
    }

    @Test("vLLM completions: tokens / token_logprobs / top_logprobs maps, sorted by logprob")
    func vllmCompletions() throws {
        let result = try ReplyParser.parse(try Fixture.bytes("vllm-completions.json"), endpoint: "http://v")
        #expect(result.choices.count == 2)
        #expect(result.choices[1].finishReason == .stop)
        #expect(result.model == "Qwen/Qwen2.5-Coder-7B-Instruct")
        let position = try #require(result.choices[0].logprobs?.first)
        #expect(position.token == "Yes")
        #expect(position.logprob == -0.1053605)
        #expect(position.top.map(\.token) == ["Yes", "No", " Yes", "YES", "yes"])
        #expect(position.dictionary["No"] == -2.3025851)
        #expect(result.usage == TokenUsage(promptTokens: 212, completionTokens: 2))
    }

    @Test("vLLM chat: logprobs.content")
    func vllmChat() throws {
        let result = try ReplyParser.parse(try Fixture.bytes("vllm-chat.json"), endpoint: "http://v")
        #expect(result.text == "def add(a, b):\n    return a + b")
        #expect(result.choices[0].logprobs?.first?.top.map(\.token) == ["def", "```"])
    }

    @Test("A reply without logprobs has nil logprobs")
    func noLogprobs() throws {
        let body = Array(#"{"choices":[{"text":"x","index":0,"logprobs":null,"finish_reason":"stop"}]}"#.utf8)
        let result = try ReplyParser.parse(body, endpoint: "http://a")
        #expect(result.choices[0].logprobs == nil)
        #expect(result.usage == TokenUsage())
    }

    @Test("Invalid JSON and wrong shapes are errors naming the endpoint")
    func invalid() {
        for body in ["<html>busy</html>", #"{"choices": 3}"#, ""] {
            #expect {
                try ReplyParser.parse(Array(body.utf8), endpoint: "http://bad:1")
            } throws: { error in
                guard case ModelClientError.invalidReply(let endpoint, _)? = error as? ModelClientError else { return false }
                return endpoint == "http://bad:1" && "\(error)".hasPrefix("http://bad:1: invalid reply")
            }
        }
    }

    @Test("Server error messages are taken from each server's error shape")
    func errorMessages() throws {
        #expect(ServerErrorMessage.extract(from: try Fixture.bytes("llamacpp-error-400.json"))
            == "Field 'max_tokens': [json.exception.type_error.302] type must be number, but is string")
        #expect(ServerErrorMessage.extract(from: try Fixture.bytes("vllm-error-400.json"))
            == "Requested sample logprobs of 20, which is greater than max allowed: 5")
        #expect(ServerErrorMessage.extract(from: Array(#"{"detail":"Not authenticated"}"#.utf8)) == "Not authenticated")
        #expect(ServerErrorMessage.extract(from: Array("Bad Gateway".utf8)) == "Bad Gateway")
        #expect(ServerErrorMessage.extract(from: []) == "(empty body)")
    }

    @Test("Finish reasons map across servers")
    func finishReasons() {
        #expect(FinishReason("stop") == .stop)
        #expect(FinishReason("eos") == .stop)
        #expect(FinishReason("length") == .length)
        #expect(FinishReason("content_filter") == .other("content_filter"))
        #expect(FinishReason(nil) == .unknown)
    }
}
