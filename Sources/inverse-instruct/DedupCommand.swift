import ArgumentParser
import Console
import DataQuality
import Foundation
import InstructData

struct DedupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Remove exact and near-duplicate records, keeping the first of each cluster.",
        discussion: """
            Exact duplicates: the same text after lowercasing and collapsing whitespace. Near \
            duplicates: MinHash signatures (--permutations, word or character shingles) banded \
            for LSH (--bands × --rows, by default datasketch's optimal choice for --threshold); \
            records sharing a bucket are joined into clusters. The text is the instruction and \
            response found by --fields, or the fields named by --on. Kept records go to OUTPUT \
            unchanged; removed ones go to the evidence file with the index, line and id of the \
            kept record. The input is read twice (streamed both times).
            """
    )

    @Argument(help: "Input dataset: JSONL, JSON array, optionally .gz.")
    var input: String

    @Option(name: .shortAndLong, help: "Output JSONL of the records that are kept.")
    var output: String

    @Option(name: .long, parsing: .unconditional,
            help: "Compare these fields (comma-separated, joined) instead of the instruction and response found by --fields.")
    var on: String?

    @Option(name: .long, help: "Jaccard similarity threshold the LSH banding is tuned for.")
    var threshold = 0.7

    @Option(name: .long, help: "MinHash permutations.")
    var permutations = 128

    @Option(name: .long, help: "LSH bands (default: optimal for --threshold).")
    var bands: Int?

    @Option(name: .long, help: "Rows per LSH band (default: optimal for --threshold).")
    var rows: Int?

    @Option(name: .long, help: "Shingle length, in --shingle-unit units.")
    var shingleSize = 5

    @Option(name: .long, help: "Shingle unit: word or character.")
    var shingleUnit: String = "word"

    @Option(name: .long, help: "Seed of the MinHash hash family.")
    var seed: UInt64 = 1

    @Option(name: .customLong("hash"),
            help: "MinHash hash family: datasketch (datasketch 2.0's MinHash signatures bit for bit, for the same --seed and --permutations) or fast (no SHA-1).")
    var hashFamily: String = MinHashFamily.datasketch.rawValue

    @Flag(name: .long, help: "Remove exact duplicates only.")
    var exactOnly = false

    @Option(name: .long, help: "Field that names a record in the evidence, when records have it.")
    var idField = "id"

    @Option(name: .long, help: "Where removed records and their evidence go (default: OUTPUT with .duplicates.jsonl).")
    var evidence: String?

    @OptionGroup var dataset: DatasetOptions

    @OptionGroup var global: GlobalOptions

    func options() throws -> DedupOptions {
        var options = DedupOptions()
        options.threshold = threshold
        options.permutations = permutations
        options.bands = bands
        options.rows = rows
        options.shingleSize = shingleSize
        guard let unit = ShingleUnit(rawValue: shingleUnit) ?? (shingleUnit == "char" ? .character : nil) else {
            throw ValidationError("--shingle-unit takes word or character; got '\(shingleUnit)'")
        }
        options.shingleUnit = unit
        options.seed = seed
        guard let family = MinHashFamily(rawValue: hashFamily) else {
            throw ValidationError("--hash takes \(MinHashFamily.allCases.map(\.rawValue).joined(separator: " or ")); got '\(hashFamily)'")
        }
        options.hashFamily = family
        options.nearDuplicates = !exactOnly
        if let problem = options.problems.first { throw ValidationError(problem) }
        return options
    }

    func validate() throws {
        _ = try options()
    }

    func run() async throws {
        global.apply()
        guard FileManager.default.fileExists(atPath: input) else { throw ToolError(.invalidInput, "\(input): no such file") }
        var job = DedupJob(input: input, output: output, evidencePath: evidence)
        job.options = try options()
        job.selector = TextSelector(fieldList: on, mapping: try dataset.mapping())
        job.idField = idField
        job.skipInvalid = dataset.skipInvalid
        job.rejectsPath = dataset.rejects
        let summary: QualitySummary = try await global.runDatasetJob("dedup") { report in
            try await job.run(progress: report)
        }

        // The banding the job used (the optimal one is costly to compute again).
        let usedBands = summary.parameters["bands"]?.intValue ?? 0, usedRows = summary.parameters["rows"]?.intValue ?? 0
        var text = Summary(title: "dedup: \(summary.kept) of \(summary.read) records kept → \(summary.output)")
        text.add("read", summary.read)
        text.add("kept", summary.kept)
        text.add("removed: exact", summary.removed[DuplicateKind.exact.rawValue] ?? 0)
        if !exactOnly { text.add("removed: near", summary.removed[DuplicateKind.near.rawValue] ?? 0) }
        text.add("invalid", summary.invalid)
        if !exactOnly {
            text.add("minhash", "\(job.options.permutations) permutations, \(usedBands) bands × \(usedRows) rows, "
                + "\(job.options.shingleSize)-\(job.options.shingleUnit.rawValue) shingles, threshold \(threshold), "
                + "\(job.options.hashFamily.rawValue) hash, seed \(seed)")
        }
        text.add("evidence", summary.evidence)
        if let rejects = summary.rejects { text.add("rejects", rejects) }
        text.add("time", String(format: "%.2f s", summary.seconds))
        try global.emit(text, json: summary)
    }
}
