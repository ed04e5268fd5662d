import Foundation
import Testing
@testable import ModelClient

/// Starts the real engine (llama.cpp through xllamacpp) with SmolLM2 once for the whole suite,
/// on a free port, and always stops it afterwards.
struct SharedEngineTrait: SuiteTrait, TestScoping {
    @TaskLocal static var pool: EndpointPool?
    @TaskLocal static var engine: LocalEngine?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let modelPath = try ModelCache.requireTestModel()
        guard EngineEnvironment().isReady else {
            throw ModelClientError.configuration("the engine environment is missing: run scripts/setup.sh")
        }
        let engine = try await LocalEngine.start(modelPath: modelPath, name: ModelRegistry.testModel.name,
                                                 options: .init(parallel: 4, contextPerSlot: 1024, threads: 2))
        do {
            try await withEndpointPool([engine.endpoint]) { pool in
                try await Self.$pool.withValue(pool) {
                    try await Self.$engine.withValue(engine) { try await function() }
                }
            }
        } catch {
            await engine.stop()
            throw error
        }
        await engine.stop()
        #expect(!engine.isRunning)
    }
}

extension Trait where Self == SharedEngineTrait {
    static var sharedEngine: SharedEngineTrait { SharedEngineTrait() }
}

@Suite("Real engine with SmolLM2", .sharedEngine)
struct EngineIntegrationTests {
    private var pool: EndpointPool {
        get throws { try #require(SharedEngineTrait.pool) }
    }

    private let template = PromptTemplate.chatml

    @Test("The probe sees llama.cpp with n > 1 and logprobs")
    func probe() throws {
        let capabilities = try #require(try pool.capabilities)
        #expect(capabilities.kind == .llamaCpp)
        #expect(capabilities.model == "smollm2-135m")
        #expect(capabilities.supportsCompletions)
        #expect(capabilities.supportsMultipleChoices)
        #expect(capabilities.supportsLogprobs)
        #expect(capabilities.topLogprobsLimit >= 5)
        #expect(capabilities.slots == 4)
    }

    @Test("Completion with a pre-filled response start")
    func completion() async throws {
        let prompt = template.render(instruction: "Write a Python function that adds two numbers.", responsePrefix: "def add(")
        let result = try await pool.complete(CompletionRequest(prompt: prompt, sampling: .greedy(maxTokens: 24)))
        #expect(result.choices.count == 1)
        #expect(!result.text.isEmpty)
        #expect(result.choices[0].finishReason == .length || result.choices[0].finishReason == .stop)
        #expect(result.usage.promptTokens > 10)
        #expect(result.usage.completionTokens > 0 && result.usage.completionTokens <= 24)
        #expect(result.model == "smollm2-135m")
    }

    @Test("Chat completion")
    func chat() async throws {
        let request = ChatRequest(messages: [.system("You are a helpful assistant."), .user("Name a colour.")],
                                  sampling: .greedy(maxTokens: 12))
        let result = try await pool.chat(request)
        #expect(!result.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(result.usage.completionTokens > 0)
    }

    @Test("n = 4 returns 4 choices")
    func fourChoices() async throws {
        let prompt = template.render(instruction: "Describe a sorting algorithm.", responsePrefix: "Write a")
        let result = try await pool.complete(CompletionRequest(prompt: prompt, sampling:
            SamplingParameters(n: 4, temperature: 1.0, maxTokens: 8)))
        #expect(result.choices.count == 4)
        #expect(result.choices.map(\.index) == [0, 1, 2, 3])
        #expect(result.choices.allSatisfy { !$0.text.isEmpty })
        // llama.cpp reports one choice's tokens; the client counts all four.
        #expect(result.usage.completionTokens > 8)
    }

    @Test("n > 1 without logprobs: the tokenizer counts each choice within a token or two of what was generated")
    func choiceTokensCountedByTheTokenizer() async throws {
        let engine = try #require(SharedEngineTrait.engine)
        let prompt = template.render(instruction: "Describe a sorting algorithm in one sentence.", responsePrefix: "")
        // The exact count of each choice, from its per-token logprobs.
        let exact = try await pool.complete(CompletionRequest(prompt: prompt, sampling:
            SamplingParameters(n: 3, temperature: 1.0, maxTokens: 24, stop: ["."], seed: 3, topLogprobs: 1)))
        let lengths = exact.choices.map { $0.logprobs?.count ?? -1 }
        #expect(lengths.allSatisfy { $0 > 0 })
        // The same texts without logprobs, counted the way the client does for llama.cpp.
        var stripped = exact
        for index in stripped.choices.indices { stripped.choices[index].logprobs = nil }
        stripped.usage.completionTokens = lengths[0]
        let transport = HTTPTransport()
        let client = try OpenAICompatibleClient(endpoint: engine.endpoint, transport: transport)
        let counts = await client.tokenizedLengths(of: stripped)
        try await transport.shutdown()   // before any #require: an HTTP client must not outlive its shutdown
        let tokenized = try #require(counts)
        #expect(tokenized.keys.sorted() == [1, 2])
        let counted = OpenAICompatibleClient.llamaCppUsage(stripped, tokenized: tokenized).completionTokens
        #expect(abs(counted - lengths.reduce(0, +)) <= 2 * 2, "counted \(counted), generated \(lengths)")
    }

    @Test("Top logprobs at the first generated position parse into token → logprob")
    func topLogprobs() async throws {
        let prompt = template.render(instruction: "Is 2 + 2 equal to 4? Answer Yes or No.", responsePrefix: "")
        let result = try await pool.complete(CompletionRequest(prompt: prompt, sampling: .greedy(maxTokens: 1, topLogprobs: 5)))
        let first = try #require(result.choices.first?.logprobs?.first)
        #expect(first.top.count == 5)
        let table = first.dictionary
        #expect(!table.isEmpty && table.count <= 5)
        #expect(table.values.allSatisfy { $0 <= 0 })
        #expect(first.top.map(\.logprob) == first.top.map(\.logprob).sorted(by: >))
        // Greedy: the sampled token is the most likely one.
        #expect(first.token == first.top[0].token)
        #expect(result.text == first.token)
    }

    @Test("Stop sequences are honoured")
    func stopSequence() async throws {
        let request = CompletionRequest(prompt: "Count: 1, 2, 3,", sampling: .greedy(maxTokens: 40, stop: [" 6"]))
        let result = try await pool.complete(request)
        #expect(!result.text.contains(" 6"))
        #expect(result.choices[0].finishReason == .stop)
        #expect(result.text.contains("4"))
    }

    @Test("Seeded sampling is repeatable")
    func seeded() async throws {
        let prompt = template.render(instruction: "Write a short poem about code.", responsePrefix: "")
        let sampling = SamplingParameters(temperature: 1.0, maxTokens: 24, seed: 1234)
        let first = try await pool.complete(CompletionRequest(prompt: prompt, sampling: sampling))
        let second = try await pool.complete(CompletionRequest(prompt: prompt, sampling: sampling))
        #expect(!first.text.isEmpty)
        #expect(first.text == second.text)
    }

    @Test("Many requests in flight through the pool all succeed and are accounted")
    func manyInFlight() async throws {
        // A pool of its own, so other tests running at the same time do not show in its ledger.
        let engine = try #require(SharedEngineTrait.engine)
        let (texts, stage) = try await withEndpointPool([engine.endpoint]) { pool in
            let before = await pool.ledger
            let texts = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await pool.complete(CompletionRequest(prompt: "Item \(index):", sampling: .greedy(maxTokens: 4))).text
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            return (texts, await pool.ledger.since(before))
        }
        #expect(texts.count == 12)
        #expect(stage.total.requests == 12)
        #expect(stage.total.failures == 0)
        #expect(stage.total.usage.completionTokens > 0)
    }
}

@Suite("Engine start failures")
struct EngineStartFailureTests {
    @Test("A file that is not a model fails the start with the engine's message and leaves no process")
    func badModel() async throws {
        guard EngineEnvironment().isReady else {
            Issue.record("the engine environment is missing: run scripts/setup.sh")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID().uuidString).gguf")
        try Data("not a model".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        await #expect {
            try await LocalEngine.start(modelPath: file, name: "bad", options: .init(parallel: 1, contextPerSlot: 256, threads: 1))
        } throws: { error in
            "\(error)".contains("exited during start") && "\(error)".contains("failed to load model")
        }
        #expect(processes(mentioning: file.path).isEmpty)
    }

    /// Processes whose command line mentions `text` (other tests' engines run meanwhile, so a
    /// count of children would not do).
    private func processes(mentioning text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }
}
