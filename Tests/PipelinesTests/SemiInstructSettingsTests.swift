import Foundation
import Testing
import TestSupport
@testable import Pipelines
import InstructData

@Suite struct SemiInstructSettingsTests {
    func write(_ text: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("semi-config").appendingPathComponent("run.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aRunConfigWithMethodSemiInstruct() throws {
        let path = try write("""
            method: semi-instruct
            input: code.jsonl
            model: smollm2-135m
            dedup: true
            semi:
              output: pairs.jsonl
              samples: 3
              min_tests: 2
              tuples_equal_lists: false
              order: descending
            """)
        let settings = try #require(try SemiInstructSettings.fromRunConfig(path))
        #expect(settings.input == "code.jsonl")
        #expect(settings.output == "pairs.jsonl")
        #expect(settings.model == "smollm2-135m")
        #expect(settings.samples == 3)
        #expect(settings.minTests == 2)
        #expect(settings.rules.comparison.tuplesEqualLists == false)
        #expect(!settings.ascending)
        #expect(settings.dedup)
        #expect(settings.effectiveTemperature == 0.8, "several samples are sampled")
    }

    @Test func unknownKeysAreErrorsNamingTheLine() throws {
        let path = try write("method: semi-instruct\nsemi:\n  output: x.jsonl\n  min_test: 2\n")
        #expect(throws: ToolError.self) { try SemiInstructSettings.fromRunConfig(path) }
        do {
            _ = try SemiInstructSettings.fromRunConfig(path)
        } catch let error as ToolError {
            #expect(error.description.contains(":4: unknown Semi-Instruct option 'min_test'"), "\(error)")
        }
        let topLevel = try write("method: semi-instruct\ncandidates: 4\n")
        #expect(throws: ToolError.self) { try SemiInstructSettings.fromRunConfig(topLevel) }
    }

    @Test func inverseInstructConfigsAreLeftToInverseInstruct() throws {
        #expect(try SemiInstructSettings.fromRunConfig(try write("input: a.jsonl\ncandidates: 2\n")) == nil)
        let explicit = try write("method: inverse-instruct\ncandidates: 2\n")
        #expect(try SemiInstructSettings.fromRunConfig(explicit) == nil)
        #expect(try InverseInstructSettings().applying(configFile: explicit).candidates == 2)
        #expect(throws: ToolError.self) { try SemiInstructSettings.fromRunConfig(try write("method: other\n")) }
    }

    @Test func newValidationRulesKeepTheGenerationKey() {
        var settings = SemiInstructSettings()
        let generation = settings.generationFingerprint
        let validation = settings.validationFingerprint
        settings.minTests = 1
        #expect(settings.generationFingerprint == generation)
        #expect(settings.validationFingerprint != validation)
        settings.samples = 2
        #expect(settings.generationFingerprint != generation)
    }
}
