import ArgumentParser
import Console
import Foundation
import Reporting

/// `--report` of `run`, `semi` and `eval`: the HTML report of what the command just did, its
/// path printed at the end. A report that cannot be made (Chart.js missing) is a warning, not
/// a failure: the command's own work is done and saved.
struct ReportOption: ParsableArguments {
    @Flag(name: .long, help: "Also write the HTML report (see `report`) and print its path at the end.")
    var report = false

    /// The report of results files, beside the first one (`X_results.jsonl` → `X_results.html`).
    func write(results: [String], global: GlobalOptions) {
        guard let first = results.first else { return }
        write(paths: results, to: (first.hasSuffix(".jsonl") ? String(first.dropLast(6)) : first) + ".html", global: global)
    }

    func write(paths: [String], to output: String, global: GlobalOptions) {
        guard report else { return }
        do {
            try ReportWriter.write(ReportRequest(paths: paths), to: output)
            // stdout carries only the JSON summary under --json.
            if global.json {
                if !global.quiet { Terminal.writeStandardError("report: \(output)\n") }
            } else {
                Terminal.writeStandardOutput("report: \(output)\n")
            }
        } catch {
            Terminal.writeStandardError("warning: no report: \(error)\n")
        }
    }
}
