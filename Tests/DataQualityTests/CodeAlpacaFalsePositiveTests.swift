import DataQuality
import Foundation
import InstructData
import Testing

/// Ordinary Code Alpaca records against HumanEval + MBPP with the default settings. Measured
/// false-positive counts over the whole original files (6,552 records):
/// - substring method: 0 of 2,017 (code_alpaca_2k.json) and 0 of 4,535 (new_codealpaca.json);
/// - n-gram method (n = 10, ≥ 2 shared n-grams): 1 of 2,017 and 12 of 4,535. Most ask for the
///   very task of the benchmark problem they match ("find the first non-repeated character in a
///   given string" is mbpp/395), so they are task overlaps rather than noise; the rest share a
///   long stock phrase ("takes an array of numbers as input and returns the").
/// The fixtures (Tests/Fixtures/code-alpaca) hold a leading run of each file plus every record
/// flagged in the whole file, appended at the end, so the test sees all 13 and the clean run
/// before them; the comments give each record's index in the original file.
@Suite struct CodeAlpacaFalsePositiveTests {
    static func flagged(_ path: String) async throws -> [String: [ContaminationMatch]] {
        let decontaminator = Decontaminator(benchmarks: [try Fixtures.humanEval(), try Fixtures.mbpp()])
        let records = try DatasetReader(path: path).items().compactMap { item -> RawRecord? in
            if case .record(let record) = item { return record }
            return nil
        }
        let results = await ParallelMap.map(records) { record in (record.location.index, try? decontaminator.check(record)) }
        var flagged: [String: [ContaminationMatch]] = [:]
        for (index, matches) in results {
            let matches = try #require(matches, "record \(index) did not map to instruction/response")
            if !matches.isEmpty { flagged["\(index)"] = matches }
        }
        return flagged
    }

    static func summary(_ flagged: [String: [ContaminationMatch]]) -> [String: String] {
        flagged.mapValues { matches in
            let first = matches[0]
            return "\(first.method) \(first.benchmark) \(first.taskID)"
        }
    }

    @Test func codeAlpaca2kHasOneFlaggedRecord() async throws {
        let flagged = try await Self.flagged(Fixtures.codeAlpaca2kPath)
        // "Write a function to print all permutations of a given string." — mbpp/374's task.
        #expect(Self.summary(flagged) == ["300": "ngram mbpp 374"])  // 1173 in the whole file
        #expect(flagged.values.flatMap { $0 }.allSatisfy { $0.method == .ngram })
    }

    @Test func newCodeAlpacaHasTwelveFlaggedRecords() async throws {
        let flagged = try await Self.flagged(Fixtures.newCodeAlpacaPath)
        #expect(Self.summary(flagged) == [
            "288": "ngram humaneval HumanEval/64",  // PHP: number of vowels in the string
            "289": "ngram humaneval HumanEval/64",  // JavaScript: number of vowels
            "290": "ngram mbpp 395",                // first non-repeated character
            "291": "ngram mbpp 56",                 // check if a given number is prime
            "292": "ngram humaneval HumanEval/146", // array of numbers → sum of even elements
            "293": "ngram mbpp 32",                 // largest prime factor
            "294": "ngram humaneval HumanEval/146",
            "295": "ngram humaneval HumanEval/146",
            "296": "ngram mbpp 537",                // first repeated word
            "297": "ngram mbpp 395",
            "298": "ngram humaneval HumanEval/64",
            "299": "ngram humaneval HumanEval/64",
        ])
        #expect(flagged.values.flatMap { $0 }.allSatisfy { $0.method == .ngram })
    }
}
