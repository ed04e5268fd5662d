/// Finds out what kind of server answers at an endpoint and what it can do, with a few small
/// requests: llama.cpp has `/props`, SGLang `/get_model_info`, vLLM `/version`; `/v1/models`
/// names the model; one tiny completion with n = 2 and logprobs shows the rest.
public enum CapabilityProbe {
    /// How many top logprobs the probe asks for.
    public static let probedTopLogprobs = 20

    public static func probe(_ client: OpenAICompatibleClient) async throws -> ServerCapabilities {
        let endpoint = client.endpoint
        var slots: Int?
        var contextPerSlot: Int?
        var kind = endpoint.kind
        var serverModel: String?
        if kind == nil || kind == .llamaCpp, let props = try? await client.getJSON("/props") as? [String: Any],
           props["default_generation_settings"] != nil || props["total_slots"] != nil {
            kind = .llamaCpp
            slots = props["total_slots"] as? Int
            contextPerSlot = (props["default_generation_settings"] as? [String: Any])?["n_ctx"] as? Int ?? props["n_ctx"] as? Int
            serverModel = props["model_alias"] as? String
        }
        if kind == nil, (try? await client.getJSON("/get_model_info")) as? [String: Any] != nil {
            kind = .sglang
        }
        if kind == nil, let version = try? await client.getJSON("/version") as? [String: Any], version["version"] != nil {
            kind = .vllm
        }
        let resolvedKind = kind ?? .openAI
        // /v1/models must answer: it is how we know the endpoint is an OpenAI-compatible server at all.
        let models = try await client.getJSON("/v1/models") as? [String: Any]
        let listed = (models?["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        guard let model = endpoint.model ?? listed.first ?? serverModel else {
            throw ModelClientError.unsupported(endpoint: endpoint.baseURL, detail: "no model listed at /v1/models; name one")
        }
        var probing = endpoint
        probing.kind = resolvedKind
        probing.model = model
        let probeClient = try OpenAICompatibleClient(endpoint: probing, transport: client.transport,
                                                     configuration: client.configuration).singleAttempt()

        var supportsCompletions = true
        var result: CompletionResult?
        let sampling = SamplingParameters(n: 2, temperature: 1, maxTokens: 1, topLogprobs: probedTopLogprobs)
        do {
            result = try await probeClient.complete(CompletionRequest(prompt: "Hello", sampling: sampling))
        } catch ModelClientError.http(_, let status, _, _) where status == 404 || status == 405 {
            supportsCompletions = false
        } catch ModelClientError.http(_, let status, _, _) where status == 400 || status == 422 {
            // A logprobs limit below what we asked for, or no n > 1 (e.g. llama.cpp with fewer
            // slots than n): ask for less, one thing at a time, logprobs before n.
            for fallback in [(2, 5), (1, probedTopLogprobs), (1, 5)] where result == nil {
                result = try? await probeClient.complete(CompletionRequest(prompt: "Hello", sampling:
                    SamplingParameters(n: fallback.0, temperature: 1, maxTokens: 1, topLogprobs: fallback.1)))
            }
            if result == nil {
                result = try await probeClient.complete(CompletionRequest(prompt: "Hello", sampling:
                    SamplingParameters(n: 1, temperature: 1, maxTokens: 1)))
            }
        }
        if !supportsCompletions {
            result = try await probeClient.chat(ChatRequest(messages: [.user("Hello")], sampling: sampling))
        }
        let choices = result?.choices ?? []
        let firstTop = choices.first?.logprobs?.first?.top.count ?? 0
        return ServerCapabilities(kind: resolvedKind, model: model, supportsCompletions: supportsCompletions,
                                  supportsMultipleChoices: choices.count >= 2, supportsLogprobs: firstTop > 0,
                                  topLogprobsLimit: firstTop, slots: slots, contextPerSlot: contextPerSlot)
    }
}
