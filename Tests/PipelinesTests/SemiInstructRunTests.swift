import Console
import Foundation
import InstructData
import ModelClient
import RunStore
import Sandbox
import Testing
import TestSupport
@testable import Pipelines

/// A model that answers each original with a hand-written reply, found by a marker in the prompt.
final class ScriptedModel: LanguageModel {
    let replies: [(marker: String, reply: String)]
    let counter = CountingModel(UnusedModel())

    init(_ replies: [(marker: String, reply: String)]) {
        self.replies = replies
    }

    func answer(_ prompt: String, n: Int) -> CompletionResult {
        let text = replies.first { prompt.contains($0.marker) }?.reply ?? "no idea"
        // Template mode pre-fills "### Instruction\n"; the model continues after it.
        let continuation = text.hasPrefix(SemiInstructPrompts.responseStart)
            ? String(text.dropFirst(SemiInstructPrompts.responseStart.count)) : text
        return CompletionResult(choices: (0..<n).map { Choice(index: $0, text: continuation, finishReason: .stop) },
                                usage: TokenUsage(promptTokens: 10, completionTokens: 20), model: "scripted", endpoint: "scripted")
    }

    func complete(_ request: CompletionRequest) async throws -> CompletionResult {
        answer(request.prompt, n: request.sampling.n)
    }

    func chat(_ request: ChatRequest) async throws -> CompletionResult {
        answer(request.messages.map(\.content).joined(separator: "\n"), n: request.sampling.n)
    }
}

struct UnusedModel: LanguageModel {
    func complete(_ request: CompletionRequest) async throws -> CompletionResult { throw CancellationError() }
    func chat(_ request: ChatRequest) async throws -> CompletionResult { throw CancellationError() }
}

/// A whole Semi-Instruct run with hand-written replies: the run store, the real analyzer and
/// sandbox, ranking, the output and rejects files, resumption.
@Suite(.serialized) struct SemiInstructRunTests {
    static func silent(_ label: String, _ total: Int?) -> ProgressReporter {
        ProgressReporter(label: label, total: total, enabled: false)
    }

    static let records: [[String: String]] = [
        ["task_id": "add", "code": "def add(a, b):\n    return a + b\n"],
        ["task_id": "total", "code": "def total(n):\n    return sum(range(n + 1))\n"],
        ["task_id": "echo", "code": "def echo(x):\n    return x\n"],
        ["task_id": "nothing", "code": "import os\n"],
        ["task_id": "add-again", "code": "def add(a, b):\n    return a + b\n"],
        ["task_id": "triple", "code": "n = int(input())\nprint(n * 3)\n"],
    ]

    static let model = ScriptedModel([
        ("def add(", SemiInstructValidationTests.reply(
            instruction: "Return the sum of two numbers.", function: "def add_numbers(x, y):\n    return x + y",
            tests: "[[1, 2], [0, 0], [-5, 5], [2.5, 0.5]]")),
        ("def total(", SemiInstructValidationTests.reply(
            function: "def total(n):\n    return sum(range(n))", tests: "[[0], [1], [2], [3]]")),
        ("def echo(", "### Instruction\nEcho.\nI could not write the rest."),
        ("print(n * 3)", SemiInstructValidationTests.reply(
            instruction: "Read n; print 3n.",
            function: "def triple(n):\n    return 3 * n\n\nif __name__ == \"__main__\":\n    print(triple(int(input())))",
            tests: #"["1\n", "0\n", "-4\n"]"#)),
    ])

    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func run(_ settings: SemiInstructSettings, directory: URL, model: any LanguageModel) async throws -> SemiInstructSummary {
        let run = try SemiInstructRun(settings: settings, directory: directory)
        let analyzer = try CodeAnalyzer()
        try await run.prepare(analyzer: analyzer)
        try await run.generate(model: model, capabilities: nil, progress: Self.silent)
        let pool = try SemiInstructValidationTests.pool()
        try await run.validate(execution: CodeExecution(pool: pool, timeout: 2), analyzer: analyzer, progress: Self.silent)
        await pool.shutdown()
        return try await run.finish()
    }

    @Test func everyOriginalEndsKeptOrWithAReasonAndAFinishedRunMakesNoModelCalls() async throws {
        let directory = try TestPaths.temporaryDirectory("semi-run")
        let input = directory.appendingPathComponent("code.jsonl")
        try Self.records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        var settings = SemiInstructSettings()
        settings.input = input.path
        settings.output = directory.appendingPathComponent("pairs.jsonl").path
        settings.samples = 2

        let model = CountingModel(Self.model)
        let summary = try await run(settings, directory: directory.appendingPathComponent("run"), model: model)
        #expect(model.requests == 4, "one request with n = 2 per runnable original")
        #expect(summary.read == 6)
        #expect(summary.unsupported == 1)
        #expect(summary.duplicates == 1)
        #expect(summary.generated == 8)
        #expect(summary.parseFailures == 2)
        #expect(summary.originalsFailed == 0)
        #expect(summary.validated == 6)
        #expect(summary.kept == 4)
        #expect(summary.originalsKept == 2)
        #expect(summary.testsPassedHistogram == ["3": 2, "4": 2])
        #expect(summary.reasons == ["disagreement": 2, "unparsable reply": 2, "unsupported original": 1, "duplicate original": 1])
        #expect(summary.generated == summary.parseFailures + summary.originalsFailed + summary.validated)
        #expect(summary.pending == 0)

        // Ranked ascending by tests passed: the program's pairs (3 tests) first.
        let pairs = try lines(summary.output)
        #expect(pairs.map { $0["tests_passed"] as? Int } == [3, 3, 4, 4])
        #expect(pairs.map { $0["shape"] as? String } == ["program", "program", "function", "function"])
        #expect(pairs.map { $0["sample"] as? Int } == [0, 1, 0, 1])
        let add = pairs[2]
        #expect(add["instruction"] as? String == "Return the sum of two numbers.")
        #expect(add["entry_point"] as? String == "add_numbers")
        let tests = try #require(add["tests"] as? [[String: Any]])
        #expect(tests.map { $0["call"] as? String } == ["add_numbers(1, 2)", "add_numbers(0, 0)", "add_numbers(-5, 5)", "add_numbers(2.5, 0.5)"])
        #expect(tests.map { $0["output"] as? String } == ["3", "0", "0", "3.0"])
        #expect((pairs[0]["tests"] as? [[String: Any]])?.first?["stdout"] as? String == "3\n")

        // Every loss has a record with its reason; the unparsable reply is kept.
        let rejects = try lines(summary.rejects)
        #expect(rejects.count == 6)
        let names = Set(rejects.compactMap { ($0["origin"] as? [String: Any])?["name"] as? String })
        #expect(names == ["total", "echo", "nothing", "add-again"])
        let unparsable = try #require(rejects.first { $0["reason"] as? String == "unparsable reply" })
        #expect((unparsable["reply"] as? String)?.contains("I could not write the rest") == true)
        let wrong = try #require(rejects.first { $0["reason"] as? String == "disagreement" })
        #expect((wrong["detail"] as? String)?.contains("input 1: expected 1, got 0") == true)

        // Again on the finished run: no model calls, the same result.
        let again = CountingModel(Self.model)
        let second = try await run(settings, directory: directory.appendingPathComponent("run"), model: again)
        #expect(again.requests == 0)
        #expect(second.kept == summary.kept)
        #expect(try lines(second.output).map { $0["response"] as? String } == pairs.map { $0["response"] as? String })

        // Other validation rules re-validate the same replies, still without the model; descending order.
        settings.minShare = 0.25
        settings.minTests = 1
        settings.order = "descending"
        let third = CountingModel(Self.model)
        let relaxed = try await run(settings, directory: directory.appendingPathComponent("run"), model: third)
        #expect(third.requests == 0)
        #expect(relaxed.kept == 6, "the total() conversion agrees on n = 0 only, which 25% now allows")
        #expect(try lines(relaxed.output).map { $0["tests_passed"] as? Int } == [4, 4, 3, 3, 1, 1])

        // De-duplication of the output, as `run` cleans its phases: the two samples of each
        // original are the same reply here.
        settings.dedup = true
        let cleaned = try await run(settings, directory: directory.appendingPathComponent("run"), model: CountingModel(Self.model))
        #expect(cleaned.removedByCleaning.values.reduce(0, +) == 3)
        let left = try lines(cleaned.output)
        #expect(left.count == 3)
        #expect(left.allSatisfy { ($0["tests"] as? [Any])?.isEmpty == false }, "the pairs keep their tests")
    }
}
