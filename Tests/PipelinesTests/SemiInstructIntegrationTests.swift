import Console
import Foundation
import InstructData
import ModelClient
import RunStore
import Sandbox
import Testing
import TestSupport
@testable import Pipelines

/// Semi-Instruct against the real engine with the SmolLM2 test model and the real sandbox:
/// MBPP reference solutions and stdin/stdout programs, end to end. SmolLM2 is fluent but
/// often wrong, so what is checked is the plumbing: every original ends kept or with a
/// recorded reason, the counts add up, and a finished run asks the model nothing.
@Suite(.serialized) struct SemiInstructIntegrationTests {
    static let programs = [
        "n = int(input())\nprint(sum(range(1, n + 1)))\n",
        "import sys\nwords = sys.stdin.read().split()\nprint(len(words))\n",
    ]

    /// MBPP task ids 602, 604, 606 and 611's reference solutions, then the programs.
    func input() throws -> URL {
        let mbpp = TestPaths.mbpp
        let text = try String(contentsOf: mbpp, encoding: .utf8)
        var lines: [String] = []
        for line in text.split(separator: "\n") {
            guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = record["task_id"] as? Int, [602, 604, 606, 611].contains(id) else { continue }
            lines.append(String(line))
        }
        #expect(lines.count == 4, "\(mbpp.path) holds MBPP (see Data/README.md)")
        for program in Self.programs {
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: ["code": program]), as: UTF8.self))
        }
        let url = try TestPaths.temporaryDirectory("semi-input").appendingPathComponent("code.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func silent(_ label: String, _ total: Int?) -> ProgressReporter {
        ProgressReporter(label: label, total: total, enabled: false)
    }

    @Test func endToEndWithTheTestModelAndTheSandbox() async throws {
        let directory = try TestPaths.temporaryDirectory("semi-e2e")
        var settings = SemiInstructSettings()
        settings.input = try input().path
        settings.output = directory.appendingPathComponent("pairs.jsonl").path
        settings.maxTokens = 48
        settings.concurrency = 2
        settings.timeout = 2
        try await withLocalEngine(model: "smollm2-135m", options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            try await withEndpointPool([engine.endpoint]) { models in
                func once() async throws -> (SemiInstructSummary, Int) {
                    let run = try SemiInstructRun(settings: settings, directory: directory.appendingPathComponent("run"))
                    let analyzer = try CodeAnalyzer()
                    let pending = try await run.prepare(analyzer: analyzer)
                    if pending > 0 {
                        try await run.generate(model: models, capabilities: models.capabilities, progress: Self.silent)
                    }
                    let pool = try SemiInstructValidationTests.pool()
                    try await pool.warmUp()
                    try await run.validate(execution: CodeExecution(pool: pool, timeout: settings.timeout), analyzer: analyzer,
                                           progress: Self.silent)
                    await pool.shutdown()
                    return (try await run.finish(), pending)
                }
                let (summary, pending) = try await once()
                #expect(pending == 6)
                #expect(summary.modelRequests == 6)
                #expect(summary.read == 6)
                #expect(summary.pending == 0)
                #expect(summary.promptFormat == "chatml")
                #expect(summary.generated == 6 - summary.unsupported)
                #expect(summary.generated == summary.parseFailures + summary.originalsFailed + summary.validated)
                #expect(summary.reasons.values.reduce(0, +) + summary.kept == summary.read)
                #expect(summary.testsPassedHistogram.values.reduce(0, +) == summary.kept)

                // Every original: kept in the output, or a reason in the rejects file.
                let kept = try String(contentsOfFile: summary.output, encoding: .utf8).split(separator: "\n")
                let rejects = try String(contentsOfFile: summary.rejects, encoding: .utf8).split(separator: "\n")
                var ended = Set<String>()
                for line in kept + rejects {
                    let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    ended.insert(try #require(record["origin_id"] as? String))
                    if rejects.contains(line) { #expect((record["reason"] as? String)?.isEmpty == false) }
                }
                #expect(ended.count == 6)
                #expect(kept.count == summary.kept)
                #expect(rejects.count == summary.read - summary.kept)

                // A finished run asks the model nothing.
                let (again, pendingAgain) = try await once()
                #expect(pendingAgain == 0)
                #expect(again.modelRequests == 0)
                #expect(again.kept == summary.kept)
                #expect(again.reasons == summary.reasons)
            }
        }
    }
}
