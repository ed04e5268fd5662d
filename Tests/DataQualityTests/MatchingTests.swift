@testable import DataQuality
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

    @Test func docstringIsTheFirstTripleQuotedText() {
        let prompt = "def f(x):\n    \"\"\" Return x doubled.\n    >>> f(2)\n    4\n    \"\"\"\n"
        #expect(BenchmarkLoader.docstring(in: prompt) == "Return x doubled.\n    >>> f(2)\n    4")
        #expect(BenchmarkLoader.docstring(in: "def g(): pass") == nil)
    }

    @Test func shortBenchmarkTextsAreNotSubstringPatterns() {
        let benchmark = Benchmark(name: "tiny", source: "inline", problems: [
            BenchmarkProblem(taskID: "tiny/1", parts: [
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
}
