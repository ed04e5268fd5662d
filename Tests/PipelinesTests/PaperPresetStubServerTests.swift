import Console
import Foundation
import InstructData
import ModelClient
import ModelClientTesting
import RunStore
import Synchronization
import Testing
import TestSupport
@testable import Pipelines

/// A `--preset paper` run against a recording stub server that answers as llama.cpp (the
/// built-in engine): what every request carried, and what the run made of the replies.
@Suite struct PaperPresetStubServerTests {
    /// Snippet `a` (tag `py`) and snippet `b` (tag `c++`).
    static let input = """
        {"instruction": "add one", "response": "```py\\ndef a(x):\\n    return x + 1\\n```"}
        {"instruction": "double", "response": "```c++\\nint b(int x) { return x * 2; }\\n```"}

        """

    /// One position of llama.cpp's logprobs, the alternatives most likely first.
    static func logprobs(_ top: [(String, Double)]) -> String {
        let alternatives = top.map { entry -> String in #"{"token":"\#(entry.0)","logprob":\#(entry.1)}"# }.joined(separator: ",")
        return #"{"content":[{"token":"\#(top[0].0)","logprob":\#(top[0].1),"top_logprobs":[\#(alternatives)]}]}"#
    }

    static func reply(_ choices: [(text: String, logprobs: String?)]) -> StubModelServer.Behavior {
        let items = choices.enumerated().map { index, choice -> String in
            let logprobs: String = choice.logprobs.map { #","logprobs":\#($0)"# } ?? ""
            let text = String(decoding: try! JSONEncoder().encode(choice.text), as: UTF8.self)
            return #"{"index":\#(index),"text":\#(text),"finish_reason":"stop"\#(logprobs)}"#
        }.joined(separator: ",")
        return .reply(status: 200, headers: [("Content-Type", "application/json")], body:
            #"{"model":"stub-model","choices":[\#(items)],"usage":{"prompt_tokens":10,"completion_tokens":\#(choices.count)}}"#)
    }

    /// The stub's model: summaries say " program that NEITHER." for the first choice of every
    /// request and " program number i." for the others; the self-evaluation of a NEITHER
    /// instruction has neither Yes nor No in its top 5, others say Yes with P 0.9 for snippet
    /// `a` and 0.3 for snippet `b`.
    static func answer(_ request: StubModelServer.Request) -> StubModelServer.Behavior {
        switch request.path {
        case "/props":
            return .reply(status: 200, headers: [], body: #"{"default_generation_settings":{"n_ctx":8192},"total_slots":16,"model_alias":"stub-model"}"#)
        case "/v1/completions":
            guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                  let prompt = body["prompt"] as? String else { return .reply(status: 400, headers: [], body: "{}") }
            let n = body["n"] as? Int ?? 1
            if prompt == "Hello" {
                let top = (0..<20).map { ("t\($0)", -Double($0) - 1) }
                return reply((0..<n).map { _ in (text: "t0", logprobs: logprobs(top)) })
            }
            if body["max_tokens"] as? Int == 1 {
                let filler = [("The", -3.0), ("This", -3.5), ("Here", -4.0), ("It", -4.5), ("A", -5.0)]
                if prompt.contains("NEITHER") { return reply([(text: "The", logprobs: logprobs(filler))]) }
                let yes = prompt.contains("def a(") ? 0.9 : 0.3
                let top = [("Yes", log(yes)), ("No", log(1 - yes))].sorted { $0.1 > $1.1 } + filler.prefix(3)
                return reply([(text: top[0].0, logprobs: logprobs(Array(top)))])
            }
            return reply((0..<n).map { (text: $0 == 0 ? " program that NEITHER." : " program number \($0).", logprobs: nil) })
        default:
            return .standard
        }
    }

    @Test func paperRunSendsTheReferenceRequestsAndKeepsItsReading() async throws {
        let recorded = Mutex<[StubModelServer.Request]>([])
        let server = try await StubModelServer.start { request in
            recorded.withLock { $0.append(request) }
            return Self.answer(request)
        }

        let directory = try TestPaths.temporaryDirectory("paper-stub")
        let input = directory.appendingPathComponent("pairs.jsonl")
        try Data(Self.input.utf8).write(to: input)
        var settings = InverseInstructSettings.paper
        settings.input = input.path
        settings.runDirectory = directory.appendingPathComponent("run").path
        settings.promptFormat = "magicoder"
        settings.concurrency = 4

        let run = try InverseInstructRun(settings: settings, directory: URL(fileURLWithPath: settings.runDirectory ?? ""))
        let silent: (String, Int?) -> ProgressReporter = { label, total in ProgressReporter(label: label, total: total, enabled: false) }
        try run.prepare(progress: silent)
        #expect(run.snippets.count == 2)
        do {
            try await withEndpointPool([try Endpoint(url: server.baseURL)]) { pool in
                try await run.execute(model: pool, capabilities: pool.capabilities, progress: silent)
            }
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
        let summary = try await run.finish()

        let bodies = recorded.withLock { $0 }.filter { $0.path == "/v1/completions" }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]
        }.filter { $0["prompt"] as? String != "Hello" }
        let summaries = bodies.filter { $0["max_tokens"] as? Int == 2048 }
        let scores = bodies.filter { $0["max_tokens"] as? Int == 1 }

        // Every request: the reference's vLLM sampling in llama.cpp's spelling.
        for body in bodies {
            #expect(body["top_k"] as? Int == 0)
            #expect(body["top_p"] as? Double == 1)
            #expect(body["min_p"] as? Double == 0)
            #expect(body["repeat_last_n"] as? Int == 8192, "the slot's whole context")
        }
        #expect(summaries.allSatisfy { $0["repeat_penalty"] as? Double == 1.1 && $0["temperature"] as? Double == 0.8 })
        #expect(scores.allSatisfy { $0["repeat_penalty"] as? Double == 1 && $0["temperature"] as? Double == 0 && $0["logprobs"] as? Int == 5 })

        // Per snippet: one request per distinct opener, n = how many candidates drew it, the
        // raw tag in the fence and after the opener.
        for (snippet, tag) in [("def a(", "py"), ("int b(", "c++")] {
            let payload = try #require(run.snippets.first { $0.code.contains(snippet) }.map { run.payload(for: $0) })
            #expect(payload.language == tag)
            let openers = try #require(payload.openers)
            let sent = summaries.filter { ($0["prompt"] as? String)?.contains(snippet) == true }
            #expect(sent.count == Set(openers).count, "one request per distinct opener")
            var counts: [String: Int] = [:]
            for body in sent {
                let prompt = try #require(body["prompt"] as? String)
                #expect(prompt.contains("```\(tag)\n"))
                let opener = try #require(InverseInstructPrompts.paperOpeners.first { prompt.hasSuffix("@@ Response\n\($0) \(tag)") })
                counts[opener, default: 0] += body["n"] as? Int ?? 0
            }
            #expect(counts == Dictionary(openers.map { ($0, 1) }, uniquingKeysWith: +))
        }
        #expect(scores.count == 20, "every candidate is usable when only stripped")

        // Reading: NEITHER candidates score 0.5; snippet b's best is such a 0.5 pair; the
        // phase-1 file lists the lower score first.
        let phase1 = try String(contentsOfFile: summary.outputs.phase1["instruction-response"] ?? "", encoding: .utf8)
            .split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let scoresInOrder = phase1.compactMap { ($0["provenance"] as? [String: Any])?["lm_score"] as? Double }
        #expect(scoresInOrder.count == 2)
        #expect(scoresInOrder == scoresInOrder.sorted())
        #expect(abs(scoresInOrder[0] - 0.5) < 1e-9)
        #expect(abs(scoresInOrder[1] - 0.9) < 1e-9)
        #expect((phase1[0]["instruction"] as? String)?.hasSuffix("c++ program that NEITHER.") == true)
        // The response quotes the code block as the prompts did, raw tag included.
        #expect((phase1[0]["response"] as? String)?.hasPrefix("```c++\n") == true)

        // The run store keeps what was sent.
        let recordedSampling = try #require(try run.store.meta("sampling_summarize"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(recordedSampling.utf8)) as? [String: Any])
        #expect(object["server"] as? String == "llama.cpp")
        #expect((object["sent"] as? [String: Any])?["top_k"] as? Int == 0)
        #expect(try run.store.meta("sampling_score") != nil)
    }
}

/// Batch mode with an opener per candidate: a snippet's requests go out as one line per
/// opener, and the unit is recorded once all its lines are back.
@Suite struct PaperPresetBatchTests {
    func resultLine(customID: String, body: [String: Any]) throws -> String {
        let n = body["n"] as? Int ?? 1
        let choices: [[String: Any]]
        if body["max_tokens"] as? Int == 1 {
            let top: [[String: Any]] = [["token": "Yes", "logprob": log(0.8)], ["token": "No", "logprob": log(0.2)]]
            choices = [["index": 0, "text": "Yes", "finish_reason": "length",
                        "logprobs": ["content": [["token": "Yes", "logprob": log(0.8), "top_logprobs": top]]]]]
        } else {
            choices = (0..<n).map { ["index": $0, "text": " thing number \($0).", "finish_reason": "stop"] }
        }
        let line: [String: Any] = ["custom_id": customID, "response": ["status_code": 200, "body": [
            "model": "m", "choices": choices, "usage": ["prompt_tokens": 1, "completion_tokens": n]]]]
        return String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self)
    }

    /// Answers every request line of `requests` into `results`.
    func answer(_ requests: String, into results: String) throws -> [[String: Any]] {
        let lines = try String(contentsOfFile: requests, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let answered = try lines.map { line in
            try resultLine(customID: try #require(line["custom_id"] as? String), body: try #require(line["body"] as? [String: Any]))
        }
        // Any order: reversed.
        try Data((answered.reversed().joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: results))
        return lines
    }

    @Test func oneLinePerOpenerAndEveryCandidateBack() async throws {
        let directory = try TestPaths.temporaryDirectory("paper-batch")
        let input = directory.appendingPathComponent("pairs.jsonl")
        try Data(PaperPresetStubServerTests.input.utf8).write(to: input)
        var settings = InverseInstructSettings.paper
        settings.input = input.path
        settings.promptFormat = "magicoder"
        settings.model = "m"
        let run = try InverseInstructRun(settings: settings, directory: directory.appendingPathComponent("run"))
        let silent: (String, Int?) -> ProgressReporter = { label, total in ProgressReporter(label: label, total: total, enabled: false) }
        try run.prepare(progress: silent)

        let requests = directory.appendingPathComponent("summarize.jsonl").path
        let results = directory.appendingPathComponent("summarize-results.jsonl").path
        let written = try run.writeBatch(to: requests)
        let expectedLines = run.snippets.reduce(0) { $0 + Set(run.payload(for: $1).openers ?? []).count }
        #expect(written.stage == "summarize" && written.requests == expectedLines)
        let lines = try answer(requests, into: results)
        #expect(lines.reduce(0) { $0 + (($1["body"] as? [String: Any])?["n"] as? Int ?? 0) } == 20)
        let summarized = try await run.ingestBatch(from: results)
        #expect(summarized.accepted == 2 && summarized.failed == 0 && summarized.ignored == 0)

        let scoreRequests = directory.appendingPathComponent("score.jsonl").path
        let scoreResults = directory.appendingPathComponent("score-results.jsonl").path
        #expect(try run.writeBatch(to: scoreRequests).requests == 20)
        _ = try answer(scoreRequests, into: scoreResults)
        #expect(try await run.ingestBatch(from: scoreResults).accepted == 20)
        let summary = try await run.finish()
        #expect(summary.selected == 2)
    }
}
