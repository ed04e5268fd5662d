import ArgumentParser
import Benchmarks
import Console
import DataQuality
import Foundation
import InstructData

struct DecontaminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decontaminate",
        abstract: "Remove records that contain benchmark problems, with evidence for each.",
        discussion: """
            Two methods, both on by default. substring: a benchmark prompt, docstring or solution \
            (lowercased, whitespace collapsed, at least --min-chars long) inside the record's \
            instruction or response, the method the field uses. ngram: the record shares a run of \
            --ngram words with a benchmark task, which catches paraphrased leaks. Clean records go \
            to OUTPUT unchanged; removed ones go to the evidence file with the task id, the method \
            and the matching text. Benchmarks: humaneval and mbpp (the files shipped in the \
            repository's Data folder, or --humaneval FILE / --mbpp FILE), or \
            any JSONL/JSON file of problems (fields like prompt/text/question and \
            solution/code/canonical_solution).
            """
    )

    @Argument(help: "Input dataset: JSONL, JSON array, optionally .gz.")
    var input: String

    @Option(name: .shortAndLong, help: "Output JSONL of the records that are kept.")
    var output: String

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Benchmarks to check against, comma-separated: humaneval, mbpp, or paths of problem files "
                               + "(default: humaneval, and mbpp when --mbpp is given).", valueName: "list"))
    var against: String?

    @Option(name: .long, help: "HumanEval problems file (default: humaneval/HumanEval.jsonl.gz in the Data folder).")
    var humaneval: String?

    @Option(name: .long, help: "MBPP problems file (JSONL with task_id, text, code; default: mbpp/mbpp.jsonl in the Data folder).")
    var mbpp: String?

    @Option(name: .long, parsing: .unconditional, help: "Methods to use, comma-separated: substring, ngram.")
    var methods: String = "substring,ngram"

    @Option(name: .long, help: "Word n-gram length for the ngram method.")
    var ngram = 10

    @Option(name: .long, help: "Flag a record by the ngram method when it shares at least this many distinct n-grams with one task.")
    var minSharedNgrams = 2

    @Flag(name: .long, help: "Also match n-grams of benchmark solutions (code), not only of problem statements.")
    var ngramSolutions = false

    @Option(name: .long, help: "Shortest benchmark text (normalized bytes) the substring method looks for.")
    var minChars = 50

    @Option(name: .long, parsing: .unconditional,
            help: "Check these fields (comma-separated) instead of the instruction and response found by --fields.")
    var on: String?

    @Option(name: .long, help: "Where removed records and their evidence go (default: OUTPUT with .contaminated.jsonl).")
    var evidence: String?

    @OptionGroup var dataset: DatasetOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard ngram >= 1 else { throw ValidationError("--ngram must be at least 1") }
        guard minSharedNgrams >= 1 else { throw ValidationError("--min-shared-ngrams must be at least 1") }
        guard minChars >= 1 else { throw ValidationError("--min-chars must be at least 1") }
        guard !BenchmarkSelection(list: benchmarkList).names.isEmpty else {
            throw ValidationError("--against needs at least one benchmark: humaneval, mbpp, or a problems file")
        }
        _ = try parsedMethods()
    }

    func parsedMethods() throws -> [DecontaminationMethod] {
        var result: [DecontaminationMethod] = []
        for name in methods.split(separator: ",").map({ String($0).trimmingWhitespace().lowercased() }) where !name.isEmpty {
            let method: DecontaminationMethod? = switch name {
            case "substring": .substring
            case "ngram", "n-gram": .ngram
            default: nil
            }
            guard let method else { throw ValidationError("--methods takes substring and/or ngram; got '\(name)'") }
            if !result.contains(method) { result.append(method) }
        }
        guard !result.isEmpty else { throw ValidationError("--methods needs at least one of substring, ngram") }
        return result
    }

    func run() async throws {
        global.apply()
        guard FileManager.default.fileExists(atPath: input) else { throw ToolError(.invalidInput, "\(input): no such file") }
        let benchmarks = try loadBenchmarks()
        var options = DecontaminationOptions()
        options.methods = try parsedMethods()
        options.ngramSize = ngram
        options.minimumSharedNgrams = minSharedNgrams
        options.minimumSubstringLength = minChars
        options.ngramsFromSolutions = ngramSolutions
        let decontaminator = Decontaminator(benchmarks: benchmarks, options: options)

        var job = DecontaminationJob(input: input, output: output, decontaminator: decontaminator, evidencePath: evidence)
        job.selector = TextSelector(fieldList: on, mapping: try dataset.mapping())
        job.skipInvalid = dataset.skipInvalid
        job.rejectsPath = dataset.rejects
        let summary: QualitySummary = try await global.runDatasetJob("decontaminate") { report in
            try await job.run(progress: report)
        }

        var text = Summary(title: "decontaminate: \(summary.kept) of \(summary.read) records kept → \(summary.output)")
        text.add("read", summary.read)
        text.add("kept", summary.kept)
        for method in options.methods { text.add("removed: \(method)", summary.removed[method.rawValue] ?? 0) }
        text.add("invalid", summary.invalid)
        for benchmark in benchmarks { text.add("benchmark \(benchmark.name)", "\(benchmark.problems.count) tasks (\(benchmark.source))") }
        text.add("evidence", summary.evidence)
        if let rejects = summary.rejects { text.add("rejects", rejects) }
        text.add("time", String(format: "%.2f s", summary.seconds))
        try global.emit(text, json: summary)
    }

    private var benchmarkList: String {
        against ?? (mbpp == nil ? "humaneval" : "humaneval,mbpp")
    }

    private func loadBenchmarks() throws -> [Benchmark] {
        try BenchmarkSelection(list: benchmarkList, humanEvalPath: humaneval, mbppPath: mbpp).load()
    }
}
