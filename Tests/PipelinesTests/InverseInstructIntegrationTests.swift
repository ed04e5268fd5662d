import Console
import Foundation
import InstructData
import ModelClient
import RunStore
import Testing
import TestSupport
@testable import Pipelines

/// Inverse-Instruct against the real engine with the SmolLM2 test model: the whole pipeline,
/// a run killed during summarize and during score, and batch mode.
@Suite(.serialized) struct InverseInstructIntegrationTests {
    static let testModel = "smollm2-135m"

    /// The first `count` example pairs, as a small input file.
    func exampleSubset(_ count: Int) throws -> URL {
        let lines = try String(contentsOf: TestPaths.examples.appendingPathComponent("pairs.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(count)
        let url = try TestPaths.temporaryDirectory("ii-input").appendingPathComponent("pairs.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    func settings(input: URL, directory: URL) -> InverseInstructSettings {
        var settings = InverseInstructSettings()
        settings.input = input.path
        settings.runDirectory = directory.path
        // Three candidates on a two-slot engine: llama.cpp refuses n = 3, so each snippet's
        // candidates come from an n = 2 and an n = 1 request.
        settings.candidates = 3
        settings.maxTokens = 48
        settings.seed = 7
        settings.concurrency = 4
        settings.formats = ["instruction-response", "messages", "alpaca"]
        return settings
    }

    static func silent(_ label: String, _ total: Int?) -> ProgressReporter {
        ProgressReporter(label: label, total: total, enabled: false)
    }

    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func endToEndEverySnippetGetsAnInstructionOrAReason() async throws {
        let input = try exampleSubset(10)
        let directory = try TestPaths.temporaryDirectory("ii-e2e")
        let settings = settings(input: input, directory: directory)
        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            try await withEndpointPool([engine.endpoint]) { pool in
                let summary: InverseInstructSummary
                do {
                    let run = try InverseInstructRun(settings: settings, directory: directory)
                    let pending = try run.prepare(progress: Self.silent)
                    #expect(pending == run.snippets.count, "one summarize unit per snippet")
                    try await run.execute(model: pool, capabilities: pool.capabilities, progress: Self.silent)
                    summary = try await run.finish()
                    #expect(summary.modelRequests > 0)
                }
                #expect(summary.records == 10)
                #expect(summary.snippets > 0)
                #expect(summary.pendingUnits == 0)
                #expect(summary.candidates == 3 * summary.snippets)
                #expect(!summary.candidatesRejected.keys.contains { $0.contains("no choice") }, "\(summary.candidatesRejected)")
                #expect(summary.promptFormat == "chatml")
                #expect(summary.selected + summary.snippetsWithoutSelection.values.reduce(0, +) == summary.snippets)

                // Exactly one selected instruction or a reason per snippet.
                let selection = try lines(summary.outputs.selection)
                #expect(selection.count == summary.snippets)
                for record in selection {
                    let selected = record["selected"] as? [[String: Any]]
                    let reason = record["reason"] as? String
                    #expect((selected?.count == 1) != (reason != nil), "\(record)")
                }

                // Phase 1 holds the selected pairs, phase 2 the originals, in every format.
                let phase1Path = try #require(summary.outputs.phase1["instruction-response"])
                let phase2Path = try #require(summary.outputs.phase2["instruction-response"])
                let messagesPath = try #require(summary.outputs.phase1["messages"])
                let phase1 = try lines(phase1Path)
                let phase2 = try lines(phase2Path)
                #expect(phase1.count == summary.selected)
                #expect(phase2.count == 10)
                #expect(try lines(messagesPath).count == summary.selected)
                let alpacaPath = try #require(summary.outputs.phase2["alpaca"])
                let alpaca = try #require(try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: alpacaPath))) as? [Any])
                #expect(alpaca.count == 10)
                for pair in phase1 {
                    let response = try #require(pair["response"] as? String)
                    #expect(response.hasPrefix("```"), "the snippet is the response, as a code block")
                    #expect((pair["instruction"] as? String)?.isEmpty == false)
                }
                let manifest = try #require(try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: summary.outputs.manifest))) as? [String: Any])
                let phases = try #require(manifest["phases"] as? [[String: Any]])
                #expect(phases.map { $0["name"] as? String } == ["self-generated", "original"])
                #expect(phases.map { $0["epochs"] as? Int } == [1, 2])

                // Running again on the finished run does no model work at all.
                let again = try InverseInstructRun(settings: settings, directory: directory)
                #expect(try again.prepare(progress: Self.silent) == 0)
                let second = try await again.finish()
                #expect(second.modelRequests == 0)
                #expect(second.selected == summary.selected)
            }
        }
    }

    @Test func killedDuringSummarizeAndScoreThenResumedMatchesAnUninterruptedRun() async throws {
        let tool = TestPaths.product("inverse-instruct")
        let input = try exampleSubset(8)
        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 1, contextPerSlot: 2048, threads: 1)) { engine in
            func arguments(_ directory: URL) -> [String] {
                ["run", "--input", input.path, "--run-dir", directory.path, "--endpoint", engine.baseURL,
                 "--candidates", "2", "--max-tokens", "48", "--seed", "11", "--concurrency", "1", "--reproducible", "--quiet"]
            }
            // The reference: one uninterrupted run.
            let reference = try TestPaths.temporaryDirectory("ii-reference")
            let plain = try await ChildProcess.run(tool, arguments(reference))
            #expect(plain.status == 0, "\(plain.stderr)")

            // The same run, killed with SIGKILL during summarize, then during score. With one
            // slot the summaries are one-choice requests and the two stages overlap, so each kill
            // waits for two more units of its stage than there were.
            let directory = try TestPaths.temporaryDirectory("ii-crash")
            for stage in [InverseInstructRun.summarizeStage, InverseInstructRun.scoreStage] {
                let before = try RunStore.openExisting(directory: directory)?.counts(stage: stage).done ?? 0
                let child = try ChildProcess.start(tool, arguments(directory))
                let killed = try await ChildProcess.kill(child, when: {
                    try RunStore.openExisting(directory: directory)?.counts(stage: stage).done ?? 0 >= before + 2
                }, timeout: 300)
                #expect(killed, "the run was killed during \(stage)")
            }
            let resumed = try await ChildProcess.run(tool, arguments(directory) + ["--json"])
            #expect(resumed.status == 0, "\(resumed.stderr)")

            // No unit lost, none done twice, and the same output as the uninterrupted run.
            let store = try #require(try RunStore.openExisting(directory: directory))
            let referenceStore = try #require(try RunStore.openExisting(directory: reference))
            for stage in [InverseInstructRun.summarizeStage, InverseInstructRun.scoreStage] {
                let counts = try store.counts(stage: stage)
                #expect(counts.total == (try referenceStore.counts(stage: stage)).total)
                #expect(counts.done == counts.total)
                #expect(try store.completionCounts(stage: stage).values.allSatisfy { $0 == 1 })
                #expect(try store.completionCounts(stage: stage).count == counts.total)
            }
            let phase1 = "train/phase1-generated.instruction-response.jsonl"
            let ours = try lines(directory.appendingPathComponent(phase1).path)
            let theirs = try lines(reference.appendingPathComponent(phase1).path)
            #expect(ours.map { $0["instruction"] as? String } == theirs.map { $0["instruction"] as? String })
            #expect(ours.map { $0["response"] as? String } == theirs.map { $0["response"] as? String })
            let selection = try String(contentsOfFile: directory.appendingPathComponent("selection.jsonl").path, encoding: .utf8)
            let referenceSelection = try String(contentsOfFile: reference.appendingPathComponent("selection.jsonl").path, encoding: .utf8)
            #expect(selection.split(separator: "\n").count == referenceSelection.split(separator: "\n").count)
        }
    }

    @Test func batchModeRoundTrip() async throws {
        let tool = TestPaths.product("inverse-instruct")
        let input = try exampleSubset(6)
        let directory = try TestPaths.temporaryDirectory("ii-batch")
        let answerer = TestPaths.repositoryRoot.appendingPathComponent("scripts/answer-batch.py")
        // One slot: the batch file's n = 2 requests are answered in two parts, as llama.cpp refuses
        // an n above its slots.
        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 1, contextPerSlot: 2048, threads: 1)) { engine in
            let common = ["run", "--input", input.path, "--run-dir", directory.path, "--model", "smollm2",
                          "--candidates", "2", "--max-tokens", "48", "--seed", "5", "--prompt-format", "chatml"]
            for (round, stage) in ["summarize", "score"].enumerated() {
                let requests = directory.appendingPathComponent("requests-\(round).jsonl").path
                let results = directory.appendingPathComponent("results-\(round).jsonl").path
                let out = try await ChildProcess.run(tool, common + ["--batch-out", requests, "--json"])
                #expect(out.status == 0, "\(out.stderr)")
                #expect(out.stdout.contains("\"stage\":\"\(stage)\""))
                // Answer the batch with the engine, writing results in shuffled order.
                let answered = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                                    ["python3", answerer.path, engine.baseURL, requests, results, "--shuffle"])
                #expect(answered.status == 0, "\(answered.stderr)")
                let ingest = try await ChildProcess.run(tool, common + ["--batch-in", results, "--batch-out",
                                                                  directory.appendingPathComponent("next-\(round).jsonl").path])
                #expect(ingest.status == 0, "\(ingest.stderr)")
            }
            let finished = try await ChildProcess.run(tool, common + ["--json"] + ["--endpoint", engine.baseURL])
            #expect(finished.status == 0, "\(finished.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
            #expect(summary["model_requests"] as? Int == 0, "everything came from the batch files")
            #expect(summary["pending_units"] as? Int == 0)
            let snippets = try #require(summary["snippets"] as? Int)
            let selected = try #require(summary["selected"] as? Int)
            let without = try #require(summary["snippets_without_selection"] as? [String: Int])
            #expect(selected + without.values.reduce(0, +) == snippets)
            #expect(selected > 0)
            // Both parts of every split request arrived under their own candidate index.
            #expect(summary["candidates"] as? Int == 2 * snippets)
            let rejected = summary["candidates_rejected"] as? [String: Int] ?? [:]
            #expect(!rejected.keys.contains { $0.contains("no choice") }, "\(rejected)")
        }
    }
}
