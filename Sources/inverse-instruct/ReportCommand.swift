import ArgumentParser
import Console
import Foundation
import InstructData
import Reporting

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One self-contained HTML page, with charts, for run directories and results files.",
        discussion: """
            PATH is a run directory of `run` or `semi`, a `train` output directory (loss, learning \
            rate and tokens/s per step, phase by phase), an evaluation results file (*_results.jsonl) or a \
            folder holding some, or a decontamination/dedup evidence file (*.contaminated.jsonl, \
            *.duplicates.jsonl). Two results of one benchmark (say the base model's and the trained \
            model's) are shown side by side with the tasks that flipped, the first given being the base. \
            The page needs no network (Chart.js, from Debian's libjs-chart.js, is inlined).
            """
    )

    @Argument(help: "Run directories and files to show, in order.")
    var paths: [String]

    @Option(name: [.short, .long], help: "Where the page goes.")
    var output = "report.html"

    @Option(name: .long, help: "The page's title (default: the paths' names).")
    var title: String?

    @Option(name: .long, parsing: .singleValue, help: "A name for each evaluation results file, in order (repeat the option).")
    var label: [String] = []

    @Option(name: .long, help: "Price per million prompt tokens, for the cost figure (default: the run's own setting).")
    var pricePerMillionPromptTokens: Double?

    @Option(name: .long, help: "Price per million completion tokens, for the cost figure (default: the run's own setting).")
    var pricePerMillionCompletionTokens: Double?

    @Option(name: .long, help: "Chart.js's minified UMD build (default: libjs-chart.js's).")
    var chartJs: String = ChartLibrary.defaultPath

    @OptionGroup var global: GlobalOptions

    struct Result: Codable {
        var report: String
        var sections: Int
    }

    func run() async throws {
        global.apply()
        var request = ReportRequest(paths: paths)
        request.labels = label
        request.title = title
        request.pricePerMillionPromptTokens = pricePerMillionPromptTokens
        request.pricePerMillionCompletionTokens = pricePerMillionCompletionTokens
        let document = try ReportWriter.write(request, to: output, chartLibraryPath: chartJs)
        let sections = document.inverseInstruct.count + document.semiInstruct.count + document.evaluations.count
            + document.comparisons.count + document.cleaning.count + document.training.count
        var text = Summary(title: "report")
        text.add("sections", "\(sections)")
        text.add("report", output)
        try global.emit(text, json: Result(report: output, sections: sections))
    }
}
