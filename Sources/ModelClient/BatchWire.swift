import Foundation

/// Requests and replies in the OpenAI Batch format (`vllm run-batch`, batch APIs): one JSON
/// line per request with a `custom_id`, answered by lines that carry the same `custom_id`.
public enum BatchWire {
    /// One request line. `kind` picks server-specific field names (vLLM by default).
    public static func requestLine(customID: String, request: CompletionRequest, kind: ServerKind = .vllm) throws -> String {
        try line(customID: customID, url: "/v1/completions",
                 body: RequestBody(model: request.model, payload: .prompt(request.prompt), sampling: request.sampling, kind: kind))
    }

    public static func requestLine(customID: String, request: ChatRequest, kind: ServerKind = .vllm) throws -> String {
        try line(customID: customID, url: "/v1/chat/completions",
                 body: RequestBody(model: request.model, payload: .messages(request.messages), sampling: request.sampling, kind: kind))
    }

    private static func line(customID: String, url: String, body: RequestBody) throws -> String {
        struct Line: Encodable {
            var custom_id: String
            var method = "POST"
            var url: String
            var body: RequestBody
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Line(custom_id: customID, url: url, body: body)), as: UTF8.self)
    }

    /// A parsed result line: the reply, or the error the batch runner recorded.
    public struct ResultLine: Sendable {
        public var customID: String
        public var result: Result<CompletionResult, ModelClientError>
    }

    /// Parses one result line (`{"custom_id", "response": {"status_code", "body"}, "error"}`).
    public static func parseResultLine(_ text: String, source: String) throws -> ResultLine {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let customID = object["custom_id"] as? String else {
            throw ModelClientError.invalidReply(endpoint: source, detail: "a batch result line needs a custom_id")
        }
        if let error = object["error"] as? [String: Any] {
            let message = error["message"] as? String ?? "\(error)"
            return ResultLine(customID: customID, result: .failure(.invalidReply(endpoint: source, detail: message)))
        }
        guard let response = object["response"] as? [String: Any], let body = response["body"] else {
            return ResultLine(customID: customID, result: .failure(.invalidReply(endpoint: source, detail: "no response body")))
        }
        let status = response["status_code"] as? Int ?? 200
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: body))
        guard status == 200 else {
            return ResultLine(customID: customID, result: .failure(.invalidReply(
                endpoint: source, detail: "status \(status): \(ServerErrorMessage.extract(from: bytes))")))
        }
        do {
            return ResultLine(customID: customID, result: .success(try ReplyParser.parse(bytes, endpoint: source)))
        } catch let error as ModelClientError {
            return ResultLine(customID: customID, result: .failure(error))
        }
    }
}
