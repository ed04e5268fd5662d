import Benchmarks
import Console
import Foundation
import InstructData
import ModelClient
import ModelClientTesting
import RunStore
import Sandbox
import Synchronization
import Testing
import TestSupport
@testable import Pipelines

/// The verify stage against a loopback stub server with scripted replies, the real analyzer
/// and the sandbox: a faithful instruction verifies, one swapped with another snippet's is
/// contradicted, an uncallable snippet is not checkable with its reason, the next candidate
/// is taken when the best is contradicted, and a killed run resumes without repeating units.
@Suite(.serialized) struct VerifyStageTests {
    /// `add` has no tests of its own (the model writes inputs); `longest` has its asserts; the
    /// class cannot be called.
    static let input = """
        {"instruction": "add two numbers", "response": "```python\\ndef add(a, b):\\n    return a + b\\n```"}
        {"instruction": "find the longest word", "response": "```python\\ndef longest(words):\\n    return max(words, key=len)\\n```", "test_list": ["assert longest(['a', 'abc', 'ab']) == 'abc'", "assert longest(['xy', 'z']) == 'xy'", "assert longest(['one']) == 'one'"]}
        {"instruction": "a stack", "response": "```python\\nclass Stack:\\n    def __init__(self):\\n        self.items = []\\n```"}

        """

    /// The instructions the stub's model writes: `longest`'s best-scored one is `add`'s (swapped).
    static let summaries: [(marker: String, candidates: [String])] = [
        ("def add(", [" function that returns the sum of a and b.", " function that adds a and b together."]),
        ("def longest(", [" function that returns the sum of a and b.", " function that returns the longest word in a list."]),
        ("class Stack", [" class that keeps a stack of items for later.", " class that stores items in a stack."]),
    ]

    /// What the stub's model writes from an instruction: the right code unless the instruction
    /// is about a sum and the call form is `longest`'s. `add` comes with a wrong assert, a print
    /// and a failing top-level call of the model's own, which must go before the check as they
    /// go in the evaluation.
    static func solution(_ prompt: String) -> String {
        if prompt.contains("`longest(words)`") {
            return prompt.contains("sum of") ? "def longest(words):\n    return sum(len(w) for w in words)\n```"
                                             : "def longest(words):\n    return max(words, key=len)\n```"
        }
        if prompt.contains("`add(a, b)`") { return "def add(x, y):\n    return x + y\n\nassert add(1, 1) == 3\nprint(add(2, 2))\ntotal = add([], 1)\n```" }
        return "I cannot write this."
    }

    static func answer(_ request: StubModelServer.Request, maxTokens: Int) -> StubModelServer.Behavior {
        guard request.path == "/v1/completions",
              let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let prompt = body["prompt"] as? String, prompt != "Hello" else { return PaperPresetStubServerTests.answer(request) }
        let text: (String) -> StubModelServer.Behavior = { PaperPresetStubServerTests.reply([(text: $0, logprobs: nil)]) }
        if prompt.contains("Write test inputs for it") { return text("```json\n[[1, 2], [3, 4], [-5, 5], [0.5, 2]]\n```\n") }
        if prompt.contains("Write it as a Python") { return text(solution(prompt)) }
        if body["max_tokens"] as? Int == 1 {
            let yes = prompt.contains("sum of") ? 0.9 : prompt.contains("a stack of") ? 0.7 : 0.6
            let top = [("Yes", log(yes)), ("No", log(1 - yes))].sorted { $0.1 > $1.1 }
            return PaperPresetStubServerTests.reply([(text: top[0].0, logprobs: PaperPresetStubServerTests.logprobs(top))])
        }
        if body["max_tokens"] as? Int == maxTokens, let summary = summaries.first(where: { prompt.contains($0.marker) }) {
            let n = body["n"] as? Int ?? 1
            return PaperPresetStubServerTests.reply((0..<n).map { (text: summary.candidates[$0 % 2], logprobs: nil) })
        }
        return text("no idea")
    }

    static func silent(_ label: String, _ total: Int?) -> ProgressReporter {
        ProgressReporter(label: label, total: total, enabled: false)
    }

    static func settings(directory: URL) throws -> InverseInstructSettings {
        let input = directory.appendingPathComponent("pairs.jsonl")
        try Data(Self.input.utf8).write(to: input)
        var settings = InverseInstructSettings()
        settings.input = input.path
        settings.runDirectory = directory.appendingPathComponent("run").path
        settings.promptFormat = "magicoder"
        settings.candidates = 2
        settings.maxTokens = 100
        settings.concurrency = 2
        settings.verify = true
        settings.verifyOriginal = true
        settings.keep = "checkable"
        return settings
    }

    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// One run in this process: prepare, the model work against the stub, finish.
    func run(_ settings: InverseInstructSettings, server: StubModelServer) async throws -> (InverseInstructSummary, Int) {
        let run = try InverseInstructRun(settings: settings, directory: URL(fileURLWithPath: settings.runDirectory ?? ""))
        try run.prepare(progress: Self.silent)
        let pool = try SemiInstructValidationTests.pool()
        do {
            let tools = VerifyTools(analyzer: try CodeAnalyzer(), execution: CodeExecution(pool: pool, timeout: 2), sanitizer: try SampleSanitizer())
            try await withEndpointPool([try Endpoint(url: server.baseURL)]) { models in
                try await run.execute(model: models, capabilities: models.capabilities, verifyTools: tools, progress: Self.silent)
            }
            await pool.shutdown()
        } catch {
            await pool.shutdown()
            throw error
        }
        return (try await run.finish(), run.modelRequests)
    }

    @Test func faithfulVerifiesSwappedIsContradictedUncallableIsNotCheckable() async throws {
        let maxTokens = 100
        let server = try await StubModelServer.start { Self.answer($0, maxTokens: maxTokens) }
        defer { Task { try? await server.shutdown() } }
        let directory = try TestPaths.temporaryDirectory("verify-stub")
        var settings = try Self.settings(directory: directory)

        let (summary, _) = try await run(settings, server: server)
        #expect(summary.snippets == 3)
        #expect(summary.selected == 3)
        #expect(summary.pendingUnits == 0 && summary.failedUnits == 0)
        let counts = summary.verification
        #expect(counts.verified == 1)
        #expect(counts.contradicted == 1)
        #expect(counts.notCheckable == 1)
        #expect(counts.reasons["not_checkable: uncallable snippet"] == 1)
        #expect(counts.reasons["contradicted: disagreement"] == 1)
        #expect(counts.droppedByKeep == 1, "checkable leaves out the contradicted pair only")
        #expect(counts.original == ["verified": 2, "not_checkable": 1], "the original texts verify")
        #expect(summary.phase1Records == 2)

        let selection = try lines(summary.outputs.selection)
        let snippets = try lines(summary.outputs.snippets)
        func verification(_ marker: String, in selection: [[String: Any]]) throws -> [String: Any] {
            let id = try #require(snippets.first { ($0["code"] as? String)?.contains(marker) == true }?["id"] as? String)
            let record = try #require(selection.first { $0["snippet_id"] as? String == id })
            let chosen = try #require((record["selected"] as? [[String: Any]])?.first)
            return try #require(chosen["verification"] as? [String: Any])
        }
        // Faithful: the model's own inputs, both outputs kept.
        let add = try verification("def add(", in: selection)
        #expect(add["verdict"] as? String == "verified")
        #expect(add["tests_from"] as? String == "model")
        let addEvidence = try #require(add["evidence"] as? [[String: Any]])
        #expect(addEvidence.count == 4)
        #expect(addEvidence.allSatisfy { $0["agree"] as? Bool == true && $0["original"] as? String == $0["new"] as? String })
        // Swapped: the pair's own asserts, and where the outputs differ.
        let longest = try verification("def longest(", in: selection)
        #expect(longest["verdict"] as? String == "contradicted")
        #expect(longest["tests_from"] as? String == "original pair")
        let disagreement = try #require((longest["evidence"] as? [[String: Any]])?.first { $0["agree"] as? Bool == false })
        #expect(disagreement["original"] as? String == "'abc'")
        #expect(disagreement["new"] as? String == "6")
        // Uncallable: the analyzer's reason.
        let stack = try verification("class Stack", in: selection)
        #expect(stack["verdict"] as? String == "not_checkable")
        #expect(stack["reason"] as? String == "uncallable snippet")
        #expect((stack["detail"] as? String)?.isEmpty == false)

        // Phase 1 carries the verdict in each pair's provenance.
        let phase1 = try lines(try #require(summary.outputs.phase1["instruction-response"]))
        let verdicts = phase1.compactMap { (($0["provenance"] as? [String: Any])?["verification"] as? [String: Any])?["verdict"] as? String }
        #expect(verdicts.sorted() == ["not_checkable", "verified"])

        // Two candidates tried: the contradicted one is passed over for the next, which verifies;
        // only that one's code is asked for.
        settings.verifyCandidates = 2
        let before = server.requestCount
        let (second, requests) = try await run(settings, server: server)
        #expect(requests == 1)
        #expect(server.requestCount - before >= 1)
        #expect(second.verification.verified == 2)
        #expect(second.verification.contradicted == 0)
        #expect(second.verification.reselected == 1)
        let records = try lines(second.outputs.selection)
        #expect(try verification("def longest(", in: records)["verdict"] as? String == "verified")
        #expect(records.contains { ($0["passed_over"] as? [[String: Any]])?.first?["verdict"] as? String == "contradicted" })

        // `verified` keeps one pair; nothing is asked again.
        settings.keep = "verified"
        settings.verifyCandidates = 1
        let (third, again) = try await run(settings, server: server)
        #expect(again == 0)
        #expect(third.phase1Records == 1)
    }

    @Test func keepNeedsVerify() throws {
        var settings = InverseInstructSettings()
        settings.keep = "verified"
        #expect(throws: ToolError.self) { try settings.validate() }
        settings.verify = true
        try settings.validate()
        settings.keep = "most"
        #expect(throws: ToolError.self) { try settings.validate() }
        #expect(InverseInstructSettings.paper.verify == false)
    }

    @Test func theVerifyOptionsReadFromAConfigFile() throws {
        let file = try TestPaths.temporaryDirectory("verify-config").appendingPathComponent("run.yaml")
        try Data("verify: true\nkeep: verified\nverify_candidates: 3\nverify_original: true\nverify_timeout: 5\n".utf8).write(to: file)
        let settings = try InverseInstructSettings().applying(configFile: file.path)
        #expect(settings.verify && settings.verifyOriginal)
        #expect(settings.keep == "verified")
        #expect(settings.verifyCandidates == 3)
        #expect(settings.verifyTimeout == 5)
        #expect(settings.verificationFingerprint != InverseInstructSettings().verificationFingerprint, "the timeout is in the keys")
    }

    /// Semi-Instruct's outcomes in the verify stage's terms: what the snippet or the inputs left
    /// undecided is not checkable, whatever the new code got wrong contradicts.
    @Test func pairVerdictsMapToVerdicts() {
        func verdict(_ outcome: PairVerdict.Outcome, _ reason: String?) -> Verification.Verdict {
            Verification(PairVerdict(originID: "o", sample: 0, outcome: outcome, reason: reason)).verdict
        }
        #expect(verdict(.kept, nil) == .verified)
        #expect(verdict(.originalFailed, "original failed on every input") == .notCheckable)
        #expect(verdict(.parseFailure, PairValidator.Reason.unreadableTests) == .notCheckable)
        #expect(verdict(.parseFailure, "generated code does not parse") == .contradicted)
        #expect(verdict(.rejected, PairValidator.Reason.tooFewUsableInputs) == .notCheckable)
        #expect(verdict(.rejected, PairValidator.Reason.originalReturnsNone) == .notCheckable)
        #expect(verdict(.rejected, "disagreement") == .contradicted)
        #expect(verdict(.rejected, "generated code timed out") == .contradicted)
    }

    @Test func aKilledRunResumesTheVerifyStageWithoutRepeatingFinishedUnits() async throws {
        let tool = TestPaths.product("inverse-instruct")
        let maxTokens = 100
        // Each solution takes a while, so the run can be killed between two of them.
        let solutions = Mutex(0)
        let server = try await StubModelServer.start { request in
            if request.bodyText.contains("Write it as a Python") {
                solutions.withLock { $0 += 1 }
                return .delayed(0.4, Self.answer(request, maxTokens: maxTokens))
            }
            return Self.answer(request, maxTokens: maxTokens)
        }
        defer { Task { try? await server.shutdown() } }
        let directory = try TestPaths.temporaryDirectory("verify-kill")
        let settings = try Self.settings(directory: directory)
        let runDirectory = URL(fileURLWithPath: settings.runDirectory ?? "")
        let arguments = ["run", "--input", settings.input ?? "", "--run-dir", runDirectory.path, "--endpoint", server.baseURL,
                         "--prompt-format", "magicoder", "--candidates", "2", "--max-tokens", "100", "--concurrency", "1",
                         "--verify", "--verify-original", "--verify-candidates", "2", "--quiet"]

        let child = try ChildProcess.start(tool, arguments)
        let killed = try await ChildProcess.kill(child, when: {
            try RunStore.openExisting(directory: runDirectory)?.counts(stage: InverseInstructRun.verifyStage).done ?? 0 >= 2
        }, timeout: 120)
        #expect(killed, "the run was killed during verify")
        let doneBefore = try #require(try RunStore.openExisting(directory: runDirectory)).counts(stage: InverseInstructRun.verifyStage).done
        let solutionsBefore = solutions.withLock { $0 }

        let resumed = try await ChildProcess.run(tool, arguments + ["--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let store = try #require(try RunStore.openExisting(directory: runDirectory))
        let counts = try store.counts(stage: InverseInstructRun.verifyStage)
        // add, longest twice (the swapped one is contradicted), the stack, and three originals.
        #expect(counts.done == 7)
        #expect(counts.total == 7)
        #expect(try store.completionCounts(stage: InverseInstructRun.verifyStage).values.allSatisfy { $0 == 1 },
                "no unit finished twice")
        // Five units ask for code (the stack's two need none); across both runs each was asked
        // once, and one more at most: a request in flight when the run was killed.
        let solutionsAfter = solutions.withLock { $0 }
        #expect(doneBefore >= 2 && doneBefore < 7)
        #expect(solutionsBefore < 5, "the kill came before the last code request")
        #expect(solutionsAfter == 5 || solutionsAfter == 6, "\(solutionsAfter) code requests for 5 units")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        let verification = try #require(summary["verification"] as? [String: Any])
        #expect(verification["verified"] as? Int == 2)
        #expect(verification["not_checkable"] as? Int == 1)
    }
}
