import Foundation
import Testing
@testable import Reporting

@Suite struct ReportPageTests {
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
