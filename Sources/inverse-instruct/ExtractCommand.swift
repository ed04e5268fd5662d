import ArgumentParser
import Console
import Foundation
import InstructData

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Take the code snippets out of instruction/response pairs.",
        discussion: """
            By default each response gives its first fenced code block (with its language tag); a \
            response without a fence is kept whole only if it parses as Python. Snippets are \
            de-duplicated by a hash of their normalized text, which is also their id.
            """
    )

    @Argument(help: "Input dataset: JSONL, JSON array, optionally .gz.")
    var input: String

    @Option(name: .shortAndLong, help: "Output JSONL of snippets.")
    var output: String

    @OptionGroup var dataset: DatasetOptions

    @Flag(name: .long, help: "Take every fenced block, not only the first.")
    var allBlocks = false

    @Option(name: .long, parsing: .unconditional, help: "Keep only these languages (comma-separated, e.g. python,swift).")
    var languages: String?

    @Option(name: .long, help: "Drop snippets shorter than this many lines.")
    var minLines = 1

    @Option(name: .long, help: "Drop snippets longer than this many lines.")
    var maxLines: Int?

    @Flag(name: .long, help: "Keep snippets whose normalized code was already seen.")
    var keepDuplicates = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard minLines >= 0 else { throw ValidationError("--min-lines must be 0 or more") }
        if let maxLines, maxLines < minLines { throw ValidationError("--max-lines must be at least --min-lines") }
    }

    func run() async throws {
        global.apply()
        guard FileManager.default.fileExists(atPath: input) else { throw ToolError(.invalidInput, "\(input): no such file") }
        var job = ExtractionJob(input: input, output: output)
        job.mapping = try dataset.mapping()
        job.skipInvalid = dataset.skipInvalid
        job.rejectsPath = dataset.rejects
        job.options.allBlocks = allBlocks
        job.options.minLines = minLines
        job.options.maxLines = maxLines
        job.options.deduplicate = !keepDuplicates
        if let languages {
            job.options.languages = Set(languages.split(separator: ",").map { LanguageTag.normalize(String($0).trimmingWhitespace()) })
        }
        let summary: ExtractionSummary = try await global.runDatasetJob("extract") { report in
            try job.run(progress: report)
        }

        var text = Summary(title: "extract: \(summary.kept) of \(summary.read) records kept, \(summary.snippets) snippets → \(summary.output)")
        text.add("read", summary.read)
        text.add("kept", summary.kept)
        for (reason, count) in summary.dropped.sorted(by: { $0.key < $1.key }) { text.add("dropped: \(reason)", count) }
        text.add("invalid lines", summary.invalidLines)
        if let rejects = summary.rejects { text.add("rejects", rejects) }
        text.add("time", String(format: "%.2f s", summary.seconds))
        try global.emit(text, json: summary)
    }
}
