import Benchmarks
import Console
import Foundation
import ModelClient
import Sandbox
import Testing
import TestSupport
@testable import Pipelines

/// `run --verify` against the real engine with the SmolLM2 test model: the stage completes and
/// every selected pair has a verdict. Which verdicts is the tiny model's luck, so none is asserted.
@Suite(.serialized) struct VerifyIntegrationTests {
    @Test func everySelectedPairGetsAVerdictWithTheTestModel() async throws {
        let directory = try TestPaths.temporaryDirectory("verify-engine")
        var settings = try VerifyStageTests.settings(directory: directory)
        settings.promptFormat = "auto"
        settings.maxTokens = 48
        settings.keep = "all"
        settings.seed = 3
        try await withLocalEngine(model: InverseInstructIntegrationTests.testModel,
                                  options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            try await withEndpointPool([engine.endpoint]) { models in
                let run = try InverseInstructRun(settings: settings, directory: URL(fileURLWithPath: settings.runDirectory ?? ""))
                try run.prepare(progress: VerifyStageTests.silent)
                let pool = try SemiInstructValidationTests.pool()
                do {
                    let tools = VerifyTools(analyzer: try CodeAnalyzer(), execution: CodeExecution(pool: pool, timeout: 2), sanitizer: try SampleSanitizer())
                    try await run.execute(model: models, capabilities: models.capabilities, verifyTools: tools,
                                          progress: VerifyStageTests.silent)
                    await pool.shutdown()
                } catch {
                    await pool.shutdown()
                    throw error
                }
                let summary = try await run.finish()
                #expect(summary.pendingUnits == 0)
                #expect(summary.failedUnits == 0)
                let counts = summary.verification
                #expect(counts.unverified == 0)
                #expect(counts.verified + counts.contradicted + counts.notCheckable == summary.selected)
                #expect(counts.original.values.reduce(0, +) == summary.snippets)
                #expect(counts.reasons["not_checkable: uncallable snippet"] == 1, "the class")
                #expect(summary.phase1Records == summary.selected)
                let selection = try String(contentsOfFile: summary.outputs.selection, encoding: .utf8).split(separator: "\n")
                for line in selection {
                    let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    for chosen in record["selected"] as? [[String: Any]] ?? [] {
                        #expect((chosen["verification"] as? [String: Any])?["verdict"] != nil, "\(record)")
                    }
                }
            }
        }
    }
}
