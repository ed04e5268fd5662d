import Testing
@testable import InstructData

@Suite struct SnippetExtractorTests {
    func extract(_ responses: [String], _ configure: (inout ExtractionOptions) -> Void = { _ in }) throws -> [ExtractionOutcome] {
        var options = ExtractionOptions()
        configure(&options)
        let extractor = SnippetExtractor(options: options, checker: try PythonSyntaxChecker())
        let pairs = responses.enumerated().map { index, response in
            InstructionPair(instruction: "task \(index)", response: response,
                            location: SourceLocation(file: "in.jsonl", line: index + 1, index: index))
        }
        return try extractor.extract(pairs)
    }

    @Test func paperRules() throws {
        let outcomes = try extract([
            "Here you go:\n```python\ndef add(a, b):\n    return a + b\n```\nTest:\n```python\nassert add(1, 2) == 3\n```",
            "def sub(a, b):\n    return a - b",      // no fence, parses: kept whole
            "The answer is that you should use a loop.",  // prose: does not parse
            "42",                                         // parses, but is no program
            "",
            "```java\nclass A {}\n```",
        ])
        #expect(outcomes[0].snippets.map(\.code) == ["def add(a, b):\n    return a + b"])
        #expect(outcomes[0].snippets.first?.block == 0)
        #expect(outcomes[1].snippets.first?.language == "python")
        #expect(outcomes[1].snippets.first?.block == nil)
        #expect(outcomes[2].drops == [.unparsable])
        #expect(outcomes[3].drops == [.noCode])
        #expect(outcomes[4].drops == [.noCode])
        #expect(outcomes[5].snippets.first?.language == "java")
        let snippet = try #require(outcomes[1].snippets.first)
        #expect(snippet.id == ContentHash.id("def sub(a, b):\n    return a - b"))
        #expect(snippet.source.line == 2)
        #expect(snippet.instruction == "task 1")
    }

    @Test func untaggedBlocksThatParseArePython() throws {
        let outcomes = try extract(["```\nfor i in range(3):\n    print(i)\n```", "```\nint main() { return 0; }\n```"])
        #expect(outcomes[0].snippets.first?.language == "python")
        #expect(outcomes[1].snippets.first?.language == "")
    }

    @Test func allBlocksLanguagesAndLineLimits() throws {
        let response = "```python\na = 1\nb = 2\n```\n```swift\nlet x = 1\n```\n```python\nprint(a)\n```"
        let all = try extract([response]) { $0.allBlocks = true }
        #expect(all[0].snippets.map(\.language) == ["python", "swift", "python"])
        #expect(all[0].snippets.map(\.block) == [0, 1, 2])
        let swiftOnly = try extract([response]) { $0.allBlocks = true; $0.languages = ["swift"] }
        #expect(swiftOnly[0].snippets.map(\.code) == ["let x = 1"])
        #expect(swiftOnly[0].drops == [.language, .language])
        let long = try extract([response]) { $0.allBlocks = true; $0.minLines = 2 }
        #expect(long[0].snippets.map(\.code) == ["a = 1\nb = 2"])
        #expect(long[0].drops == [.tooShort, .tooShort])
        let short = try extract([response]) { $0.maxLines = 1 }
        #expect(short[0].drops == [.tooLong])
    }

    @Test func duplicatesByNormalizedContent() throws {
        let outcomes = try extract(["```python\nx = 1\n```", "```python\n\n  x = 1   \n```", "```python\nx = 2\n```"])
        #expect(outcomes.map(\.snippets.count) == [1, 0, 1])
        #expect(outcomes[1].drops == [.duplicate])
        let kept = try extract(["```python\nx = 1\n```", "```python\nx = 1\n```"]) { $0.deduplicate = false }
        #expect(kept.map(\.snippets.count) == [1, 1])
    }

    @Test func emptyFirstBlockFallsThroughToTheNextNonEmptyOne() throws {
        let outcomes = try extract(["```\n```\n```python\nprint(2)\n```"])
        #expect(outcomes[0].snippets.map(\.code) == ["print(2)"])
        #expect(outcomes[0].snippets.first?.block == 1)
    }

    @Test func syntaxCheckerVerdicts() throws {
        let checker = try PythonSyntaxChecker()
        #expect(try checker.check(["x = 1", "True", "[1, 2]", "hello world", "print('hi')", "def f(:"])
                == [.code, .trivial, .trivial, .invalid, .code, .invalid])
        #expect(try checker.check([]) == [])
    }
}
