import Testing
@testable import InstructData

@Suite struct CodeBlockParserTests {
    @Test func firstBlockWithLanguage() {
        let blocks = CodeBlockParser.blocks(in: "Here:\n```python\nprint(1)\n```\nand tests:\n```py\nassert f()\n```\n")
        #expect(blocks.count == 2)
        #expect(blocks[0] == CodeBlock(language: "python", code: "print(1)", unclosed: false, line: 2))
        #expect(blocks[1].language == "python")  // alias py
        #expect(blocks[1].code == "assert f()")
    }

    @Test func fenceWithoutTag() {
        let blocks = CodeBlockParser.blocks(in: "```\nx = 1\n```")
        #expect(blocks == [CodeBlock(language: "", code: "x = 1", unclosed: false, line: 1)])
    }

    @Test func tildeFencesAndLongerFences() {
        let blocks = CodeBlockParser.blocks(in: "~~~swift\nlet a = \"```\"\n~~~\n````js\n```\nnested\n```\n````")
        #expect(blocks.count == 2)
        #expect(blocks[0].language == "swift")
        #expect(blocks[0].code == "let a = \"```\"")
        #expect(blocks[1].language == "javascript")
        #expect(blocks[1].code == "```\nnested\n```")
    }

    @Test func crlfLineEndings() {
        let blocks = CodeBlockParser.blocks(in: "Text\r\n```c\r\nint x;\r\nint y;\r\n```\r\n")
        #expect(blocks == [CodeBlock(language: "c", code: "int x;\nint y;", unclosed: false, line: 2)])
    }

    @Test func unclosedFenceRunsToTheEndAndIsMarked() {
        let blocks = CodeBlockParser.blocks(in: "Sure!\n```python\ndef f():\n    return 1\n\n")
        #expect(blocks == [CodeBlock(language: "python", code: "def f():\n    return 1", unclosed: true, line: 2)])
    }

    @Test func closingFenceMustMatchCharacterAndLength() {
        // A ~~~ line does not close a ``` block, and a shorter run does not close a longer one.
        let blocks = CodeBlockParser.blocks(in: "````\na\n~~~~\n```\nb\n````")
        #expect(blocks.count == 1)
        #expect(blocks[0].code == "a\n~~~~\n```\nb")
    }

    @Test func indentedFenceRemovesItsIndentFromContent() {
        let blocks = CodeBlockParser.blocks(in: "1. step\n  ```python\n  if x:\n      y()\n  ```")
        #expect(blocks.first?.code == "if x:\n    y()")
    }

    @Test func inlineBackticksAreNotFences() {
        #expect(CodeBlockParser.blocks(in: "Use ``` inside text ``` here").isEmpty)
        #expect(CodeBlockParser.blocks(in: "    ```\n    four spaces is code, not a fence").isEmpty)
        #expect(!CodeBlockParser.hasFence("no fences"))
    }

    @Test func infoStringVariants() {
        #expect(CodeBlockParser.blocks(in: "```{.python}\nx\n```").first?.language == "python")
        #expect(CodeBlockParser.blocks(in: "```Python3 title=x\nx\n```").first?.language == "python")
        #expect(CodeBlockParser.blocks(in: "```c++\nx\n```").first?.language == "cpp")
    }
}

@Suite struct SnippetNormalizerTests {
    @Test func normalizesWhitespaceButNotContent() {
        let a = SnippetNormalizer.normalize("\n\n    def f():  \r\n        return 1\t\n\n")
        #expect(a == "def f():\n    return 1")
        #expect(ContentHash.id(a) == ContentHash.id(SnippetNormalizer.normalize("def f():\n    return 1")))
        #expect(ContentHash.id(a) != ContentHash.id("def f():\n    return 2"))
        #expect(ContentHash.id(a).count == 16)
    }
}
