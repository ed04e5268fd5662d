import Testing
@testable import Console

@Suite struct ProgressLineTests {
    @Test func showsDoneTotalRateAndETA() {
        let line = ProgressLine.format(label: "summarize", done: 50, total: 200, elapsedSeconds: 10)
        #expect(line == "summarize  50/200  25%  5.0/s  ETA 0:30")
    }

    @Test func finishedAndUnknownTotals() {
        #expect(ProgressLine.format(label: "x", done: 10, total: 10, elapsedSeconds: 5) == "x  10/10  100%  2.0/s  in 0:05")
        #expect(ProgressLine.format(label: "x", done: 7, total: nil, elapsedSeconds: 2) == "x  7  3.5/s")
        #expect(ProgressLine.format(label: "x", done: 1_500_000, total: 3_000_000, unit: .bytes, elapsedSeconds: 1)
                == "x  1.5 MB/3.0 MB  50%  1.5 MB/s  ETA 0:01")
        #expect(ProgressLine.formatDuration(3725) == "1:02:05")
    }

    @Test func disabledReporterDrawsNothing() {
        let reporter = ProgressReporter(label: "x", total: 3, enabled: false)
        reporter.advance(by: 3)
        reporter.finish()
        #expect(reporter.completed == 3)
        #expect(!reporter.isEnabled)
    }
}
