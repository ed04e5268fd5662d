import Benchmarks
@testable import DataQuality
import InstructData
import Testing

@Suite struct MatchingTests {
    @Test func normalizationLowercasesAndCollapsesWhitespace() {
        #expect(TextNormalizer.normalized("  Def  F(X):\r\n\t\tRETURN x  ") == "def f(x): return x")
        // A no-break space is whitespace, as for Python's str.split().
        #expect(TextNormalizer.normalized("Ünïcode\u{00A0}TEXT") == "ünïcode text")
        #expect(TextNormalizer.normalized(" \n\t ").isEmpty)
        let text = TextNormalizer.normalizedBytes("Numbers, (a[i]+1) == b_2: -- range(n):")
        #expect(TextNormalizer.wordRanges(text).map { String(decoding: text[$0], as: UTF8.self) }
                == ["numbers", "a[i]+1", "b_2", "range(n"])
    }

    @Test func substringIndexFindsEveryPatternOnceWherever() {
        let patterns = ["hello world", "world peace", "lo wo", "absent text"].map { Array($0.utf8) }
        let index = SubstringIndex(patterns: patterns, window: 5)
        #expect(index.matches(in: Array("hello world peace; hello world".utf8)).sorted() == [0, 1, 2])
        #expect(index.matches(in: Array("lo wo".utf8)) == [2])
        #expect(index.matches(in: Array("hello".utf8)).isEmpty)
        #expect(index.matches(in: []).isEmpty)
        #expect(index.matches(in: Array("absent tex".utf8)).isEmpty)
    }

    @Test func substringIndexAgreesWithNaiveSearch() {
        // Pseudo-random texts over a small alphabet, so many windows collide.
        var state: UInt64 = 12345
        func next() -> UInt8 {
            state = FastHash.splitMix(state)
            return UInt8(ascii: "a") + UInt8(state % 3)
        }
        let patterns = (0..<40).map { _ in (0..<Int(6 + state % 5)).map { _ in next() } }
        let index = SubstringIndex(patterns: patterns, window: 6)
        for _ in 0..<50 {
            let text = (0..<200).map { _ in next() }
            let naive = patterns.indices.filter { p in
                (0...(text.count - patterns[p].count)).contains { Array(text[$0..<($0 + patterns[p].count)]) == patterns[p] }
            }
            #expect(Set(index.matches(in: text)) == Set(naive))
        }
    }

    @Test func shortBenchmarkTextsAreNotSubstringPatterns() {
        let benchmark = Benchmark(name: "tiny", source: "inline", problems: [
            BenchmarkProblem(taskID: "tiny/1", texts: [
                .init(name: "prompt", text: "Write a function that returns the length of a given string in characters."),
                .init(name: "solution", text: "    return len(string)\n"),
            ]),
        ])
        let decontaminator = Decontaminator(benchmarks: [benchmark])
        #expect(decontaminator.substringPatternCount == 1)
        #expect(decontaminator.shortTextsSkipped == 1)
        #expect(decontaminator.check([RecordText(field: "response", text: "def size(s):\n    return len(string)")]).isEmpty)
        let hit = decontaminator.check([RecordText(field: "instruction", text: "Task: WRITE a function that returns the length\nof a given string in characters.")])
        #expect(hit.map(\.taskID) == ["tiny/1", "tiny/1"])
        #expect(hit.map(\.method) == [.substring, .ngram])
        #expect(hit.first?.part == "prompt" && hit.first?.field == "instruction")
    }

    /// A plain problems file (any field names from the usual lists) is checked like a benchmark.
    @Test func plainProblemsFileLeaksAreFound() throws {
        let benchmark = Benchmark(name: "leaderboard", source: "inline", problems: [
            BenchmarkProblem(taskID: "leaderboard/0", texts: [
                .init(name: "question", text: "Return the sum of the squares of the odd numbers in a list, ignoring negative numbers."),
                .init(name: "answer", text: "def f(xs):\n    return sum(x * x for x in xs if x > 0 and x % 2)\n"),
            ]),
        ])
        let leak = Decontaminator(benchmarks: [benchmark]).check([RecordText(field: "instruction",
            text: "return the SUM of the squares of the odd numbers in a list,\nignoring negative numbers.")])
        #expect(leak.first?.taskID == "leaderboard/0" && leak.first?.method == .substring)
    }
}
