import Foundation
import Testing
@testable import ModelClient

@Suite("Endpoints, retry policy and prompt templates")
struct EndpointTests {
    @Test("Base URLs are normalized", arguments: [
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://h:1/v1", "http://h:1"),
        ("https://api.example.com/v1/", "https://api.example.com"),
        ("http://h:1/openai/v1", "http://h:1/openai"),
    ])
    func normalization(input: String, expected: String) throws {
        #expect(try Endpoint(url: input).baseURL == expected)
    }

    @Test("Malformed endpoints and zero limits are rejected")
    func rejected() {
        #expect(throws: ModelClientError.self) { try Endpoint(url: "ftp://h") }
        #expect(throws: ModelClientError.self) { try Endpoint(url: "http://h:1", maxConcurrentRequests: 0) }
    }

    @Test("An API-key variable that is not set is an error naming the variable, not the key")
    func apiKey() throws {
        let endpoint = try Endpoint(url: "http://h:1", apiKeyVariable: "MY_KEY")
        #expect { try endpoint.apiKey(environment: [:]) } throws: { "\($0)".contains("MY_KEY") }
        let key = try #require(try endpoint.apiKey(environment: ["MY_KEY": "sk-secret"]))
        #expect(key.value == "sk-secret")
        #expect("\(key)" == "<redacted>")
        #expect(String(reflecting: key) == "<redacted>")
    }

    @Test("Retry-After: seconds or an HTTP date")
    func retryAfter() {
        #expect(RetryAfter.seconds(from: "2") == 2)
        #expect(RetryAfter.seconds(from: nil) == nil)
        #expect(RetryAfter.seconds(from: "soon") == nil)
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryAfter.seconds(from: "Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
    }

    @Test("Backoff grows, is capped, and never undercuts Retry-After")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 8)
        for attempt in 1...10 {
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil)
            let ceiling = min(8, pow(2, Double(attempt - 1)))
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
        #expect(policy.delay(afterAttempt: 1, retryAfter: 5) >= 5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 500) <= 8)
    }

    @Test("Every named template ends with the pre-filled response start", arguments: PromptTemplate.all)
    func templates(template: PromptTemplate) {
        let prompt = template.render(instruction: "Reverse a list.", responsePrefix: "Write a python")
        #expect(prompt.hasSuffix("Write a python"))
        #expect(prompt.contains("Reverse a list."))
        #expect(PromptTemplate.named(template.name) == template)
        #expect(template.messages(instruction: "Reverse a list.").last == .user("Reverse a list."))
    }

    @Test("Magicoder and ChatML render exactly")
    func exactTemplates() {
        #expect(PromptTemplate.magicoder.render(instruction: "I", responsePrefix: "R", system: "S")
            == "S\n\n@@ Instruction\nI\n\n@@ Response\nR")
        #expect(PromptTemplate.chatml.render(instruction: "I", responsePrefix: "", system: "S")
            == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nI<|im_end|>\n<|im_start|>assistant\n")
        #expect(PromptTemplate.named("qwen")?.name == "chatml")
        #expect(PromptTemplate.named("nope") == nil)
    }

    @Test("Capability requirements give clear errors")
    func requirements() {
        let noLogprobs = ServerCapabilities(kind: .openAI, model: "m", supportsCompletions: false, supportsMultipleChoices: true,
                                            supportsLogprobs: false, topLogprobsLimit: 0)
        #expect { try noLogprobs.check(.init(topLogprobs: 5), endpoint: "http://e") } throws: {
            "\($0)".contains("http://e") && "\($0)".contains("no logprobs")
        }
        #expect { try noLogprobs.check(.init(completions: true), endpoint: "http://e") } throws: { "\($0)".contains("/v1/completions") }
        let few = ServerCapabilities(kind: .vllm, model: "m", supportsCompletions: true, supportsMultipleChoices: true,
                                     supportsLogprobs: true, topLogprobsLimit: 2)
        #expect(throws: ModelClientError.self) { try few.check(.init(topLogprobs: 5), endpoint: "http://e") }
        #expect(throws: Never.self) { try few.check(.init(completions: true, topLogprobs: 2, multipleChoices: true), endpoint: "http://e") }
    }

    @Test("Usage ledger sums per endpoint, subtracts snapshots, and prices tokens")
    func ledger() {
        var ledger = UsageLedger()
        ledger.recordSuccess(endpoint: "a", usage: TokenUsage(promptTokens: 10, completionTokens: 5), seconds: 1)
        let snapshot = ledger
        ledger.recordSuccess(endpoint: "a", usage: TokenUsage(promptTokens: 1, completionTokens: 1), seconds: 0.5)
        ledger.recordSuccess(endpoint: "b", usage: TokenUsage(promptTokens: 2, completionTokens: 3), seconds: 2)
        ledger.recordFailure(endpoint: "b", seconds: 1)
        #expect(ledger.total.requests == 3)
        #expect(ledger.total.failures == 1)
        #expect(ledger.total.usage == TokenUsage(promptTokens: 13, completionTokens: 9))
        let stage = ledger.since(snapshot)
        #expect(stage.endpoints["a"]?.usage == TokenUsage(promptTokens: 1, completionTokens: 1))
        #expect(stage.endpoints["b"]?.requests == 1)
        let price = TokenPrice(promptPerMillion: 1, completionPerMillion: 2)
        #expect(abs(price.cost(of: TokenUsage(promptTokens: 1_000_000, completionTokens: 500_000)) - 2) < 1e-9)
    }
}
