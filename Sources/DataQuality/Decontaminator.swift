import Benchmarks
import InstructData

/// Settings of a decontamination check.
public struct DecontaminationOptions: Sendable, Hashable {
    public var methods: [DecontaminationMethod] = DecontaminationMethod.allCases
    /// Word n-gram length for the overlap method.
    public var ngramSize = 10
    /// A record is flagged by the n-gram method when it shares at least this many distinct
    /// n-grams with one task. 2 (a shared run of n + 1 words) rather than 1: a single 10-gram
    /// such as "function that takes a string as input and returns the" is common phrasing; on
    /// Code Alpaca this cuts flagged records from 42 to 13 of 6,552, most of those the same task.
    public var minimumSharedNgrams = 2
    /// Benchmark texts shorter than this (in normalized UTF-8 bytes) are not used by the substring
    /// method: a one-line solution such as `return len(string)` is common code, not a leak.
    public var minimumSubstringLength = 50
    /// Also index the n-grams of solutions (code), not only of problem statements. Off by default:
    /// common code idioms (`for i in range(n): for j in range(i + 1, n):`) are shared by
    /// unrelated programs, while paraphrased leaks reword the statement.
    public var ngramsFromSolutions = false
    /// Ignore n-grams found in more than this many benchmark tasks: boilerplate
    /// ("write a function that takes a string as input and returns the") names no task.
    public var maximumTasksPerNgram = 1
    /// Evidence text longer than this is cut.
    public var evidenceLimit = 1000

    public init() {}
}

/// Checks records against benchmark tasks by substring and n-gram overlap. Immutable and
/// `Sendable`: build it once, then call `check` from as many tasks as there are cores.
///
///     let decontaminator = Decontaminator(benchmarks: [humanEval, mbpp])
///     let matches = try decontaminator.check(record)   // [] means clean
public struct Decontaminator: Sendable {
    public let options: DecontaminationOptions
    public let benchmarks: [Benchmark]
    private let problems: [(benchmark: String, taskID: String)]
    private let substringOwners: [(problem: Int32, part: String)]
    private let substringIndex: SubstringIndex?
    private let ngramIndex: NGramIndex?
    /// Benchmark texts the substring method uses, and those it skips as too short.
    public let substringPatternCount: Int
    public let shortTextsSkipped: Int

    public init(benchmarks: [Benchmark], options: DecontaminationOptions = DecontaminationOptions()) {
        self.options = options
        self.benchmarks = benchmarks
        var problems: [(benchmark: String, taskID: String)] = []
        var patterns: [[UInt8]] = []
        var owners: [(problem: Int32, part: String)] = []
        var problemTexts: [[[UInt8]]] = []
        var skipped = 0
        var seenPatterns: [[UInt8]: Int] = [:]
        for benchmark in benchmarks {
            for problem in benchmark.problems {
                let id = Int32(problems.count)
                problems.append((benchmark.name, problem.taskID))
                var texts: [[UInt8]] = []
                for part in problem.decontaminationTexts {
                    let normalized = TextNormalizer.normalizedBytes(part.text)
                    if options.ngramsFromSolutions || !part.isSolution { texts.append(normalized) }
                    if normalized.count < options.minimumSubstringLength {
                        skipped += 1
                    } else if seenPatterns[normalized] == nil {
                        seenPatterns[normalized] = patterns.count
                        patterns.append(normalized)
                        owners.append((id, part.name))
                    }
                }
                problemTexts.append(texts)
            }
        }
        self.problems = problems
        self.substringOwners = owners
        substringPatternCount = patterns.count
        shortTextsSkipped = skipped
        substringIndex = options.methods.contains(.substring) && !patterns.isEmpty
            ? SubstringIndex(patterns: patterns, window: max(1, options.minimumSubstringLength)) : nil
        ngramIndex = options.methods.contains(.ngram) ? NGramIndex(problems: problemTexts, size: options.ngramSize,
                                                                             maximumProblemsPerNgram: options.maximumTasksPerNgram) : nil
    }

    /// Matches of one record's texts (chosen by `selector`); empty when the record is clean.
    public func check(_ record: RawRecord, selector: TextSelector = .pair(.auto)) throws(InvalidRecord) -> [ContaminationMatch] {
        check(try selector.texts(of: record))
    }

    /// Matches of the given texts; empty when they are clean.
    public func check(_ texts: [RecordText]) -> [ContaminationMatch] {
        var matches: [ContaminationMatch] = []
        for item in texts {
            let normalized = TextNormalizer.normalizedBytes(item.text)
            if let substringIndex {
                for pattern in substringIndex.matches(in: normalized) {
                    let owner = substringOwners[pattern]
                    let problem = problems[Int(owner.problem)]
                    matches.append(ContaminationMatch(
                        method: .substring, benchmark: problem.benchmark, taskID: problem.taskID, part: owner.part,
                        field: item.field, text: cut(substringIndex.patterns[pattern])))
                }
            }
            if let ngramIndex {
                let words = TextNormalizer.wordRanges(normalized)
                let found = ngramIndex.matches(in: normalized, words: words)
                for (problemID, starts) in found.sorted(by: { $0.key < $1.key }) {
                    let distinct = Set(starts).count
                    guard distinct >= options.minimumSharedNgrams else { continue }
                    let problem = problems[Int(problemID)]
                    matches.append(ContaminationMatch(
                        method: .ngram, benchmark: problem.benchmark, taskID: problem.taskID, part: nil,
                        field: item.field, text: spanText(starts: starts, words: words, in: normalized),
                        sharedNgrams: distinct))
                }
            }
        }
        return matches
    }

    /// The record's words covered by the shared n-grams, longest runs first, joined with " … ".
    private func spanText(starts: [Int], words: [Range<Int>], in text: [UInt8]) -> String {
        var spans: [Range<Int>] = []
        for start in starts.sorted() {
            let end = start + options.ngramSize
            if let last = spans.last, start <= last.upperBound {
                spans[spans.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                spans.append(start..<end)
            }
        }
        let pieces = spans.sorted { $0.count > $1.count }.prefix(3).map { span in
            String(decoding: text[words[span.lowerBound].lowerBound..<words[span.upperBound - 1].upperBound], as: UTF8.self)
        }
        return cut(Array(pieces.joined(separator: " … ").utf8))
    }

    private func cut(_ bytes: [UInt8]) -> String {
        guard bytes.count > options.evidenceLimit else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.prefix(options.evidenceLimit), as: UTF8.self) + "…"
    }
}
