import Foundation
import InstructData

/// Builds the page for a request and writes it atomically: what `report` and the `--report`
/// option of `run`, `semi` and `eval` do.
public enum ReportWriter {
    @discardableResult
    public static func write(_ request: ReportRequest, to path: String,
                             chartLibraryPath: String = ChartLibrary.defaultPath) throws -> ReportDocument {
        // Chart.js first: a missing package is reported before any work is done.
        let chartLibrary = try ChartLibrary.load(path: chartLibraryPath)
        let document = try ReportBuilder.document(for: request)
        let html = try ReportPage.render(document, chartLibrary: chartLibrary)
        let writer = try AtomicFileWriter(path: path)
        try writer.write(html)
        try writer.commit()
        return document
    }
}
