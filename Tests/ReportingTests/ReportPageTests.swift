import Foundation
import Testing
@testable import Reporting

@Suite struct ReportPageTests {
    /// Steps in training order, a resumed step counted once (its last record), the phases'
    /// names and epochs from the saved settings, first and final loss per phase.
    @Test func trainingOutputGivesItsPhasesInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-training-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try ReportInBrowserTests.trainingOutput(in: folder)
        #expect(TrainingSection.isTrainingOutput(output))
        #expect(!TrainingSection.isTrainingOutput(folder))
        let section = try TrainingSection.load(directory: output)
        #expect(section.base == "smollm2-135m")
        #expect(section.steps.count == 14)
        #expect(section.steps.map(\.phase) == Array(repeating: 1, count: 6) + Array(repeating: 2, count: 8))
        #expect(section.phases.map(\.name) == ["self-generated", "original"])
        #expect(section.phases.map(\.epochs) == [1, 2])
        #expect(section.phases.map(\.steps) == [6, 8])
        let first = try #require(section.phases.first?.firstLoss)
        let final = try #require(section.phases.last?.finalLoss)
        #expect(abs(first - 1.4) < 1e-9 && abs(final - 0.6) < 1e-9)
        #expect(section.tokens == 5400 + 8 * 900)
    }

    @Test func fillReplacesEachMarkerOnceAndNeverInsideWhatItPutIn() {
        let page = ReportPage.fill("<a>{{x}}</a><b>{{y}}</b>{{unknown}}", with: ["x": "{{y}}", "y": "2"])
        #expect(page == "<a>{{y}}</a><b>2</b>{{unknown}}")
    }

    @Test func jsonInScriptHasNoAngleBracket() {
        #expect(ReportPage.jsonInScript(#"{"a":"</script><!--"}"#) == #"{"a":"\u003c/script>\u003c!--"}"#)
    }

    @Test func histogramClampsAndBinsInclusively() {
        var histogram = Histogram(lower: 0, upper: 1, bins: 4)
        for value in [-1, 0, 0.24, 0.25, 0.99, 1, 2] { histogram.add(value) }
        #expect(histogram.counts == [3, 1, 0, 3])
    }

    @Test func taskOrderIsNumeric() {
        #expect(["HumanEval/10", "HumanEval/2", "HumanEval/1"].sorted(by: TaskOrder.precedes) == ["HumanEval/1", "HumanEval/2", "HumanEval/10"])
    }
}
