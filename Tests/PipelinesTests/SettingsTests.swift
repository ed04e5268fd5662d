import Foundation
import Testing
import TestSupport
@testable import Pipelines
import InstructData

@Suite struct SettingsTests {
    func write(_ yaml: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("settings").appendingPathComponent("run.yaml")
        try Data(yaml.utf8).write(to: url)
        return url.path
    }

    @Test func paperPresetHasThePublishedValues() {
        let paper = InverseInstructSettings.paper
        #expect(paper.candidates == 10)
        #expect(paper.temperature == 0.8)
        #expect(paper.repetitionPenalty == 1.1)
        #expect(paper.maxTokens == 2048)
        #expect(paper.topK == 1)
        #expect(paper.openers == ["Write a", "Create a", "Implement a", "Develop a", "Design a", "Build a", "I want a"])
    }

    @Test func configFileOverridesOnlyWhatItNames() throws {
        let settings = try InverseInstructSettings.paper.applying(configFile: try write("""
            input: data.jsonl
            candidates: 4
            endpoints: [http://a:8000, http://b:8000]
            formats: [messages, alpaca]
            min_score: 0.5
            """))
        #expect(settings.input == "data.jsonl")
        #expect(settings.candidates == 4)
        #expect(settings.endpoints == ["http://a:8000", "http://b:8000"])
        #expect(settings.formats == ["messages", "alpaca"])
        #expect(settings.minScore == 0.5)
        #expect(settings.temperature == 0.8, "untouched options keep the preset's value")
        try settings.validate()
    }

    @Test func unknownKeysAndBadValuesAreErrors() throws {
        let misspelled = #expect(throws: ToolError.self) { try InverseInstructSettings().applying(configFile: try write("candidtes: 4\n")) }
        #expect(misspelled?.code == .invalidSettings)
        let wrongType = #expect(throws: ToolError.self) { try InverseInstructSettings().applying(configFile: try write("candidates: many\n")) }
        #expect(wrongType?.code == .invalidSettings)
        var bad = InverseInstructSettings()
        bad.formats = ["parquet"]
        #expect(throws: ToolError.self) { try bad.validate() }
    }

    @Test func fingerprintsFollowGenerationSettings() {
        var a = InverseInstructSettings()
        var b = a
        #expect(a.generationFingerprint == b.generationFingerprint)
        b.candidates = 3
        #expect(a.generationFingerprint != b.generationFingerprint)
        a.minScore = 0.9  // selection only: same model work
        #expect(a.generationFingerprint == InverseInstructSettings().generationFingerprint)
    }
}
