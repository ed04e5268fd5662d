/// A fenced code block found in a Markdown response.
public struct CodeBlock: Sendable, Hashable {
    /// The language tag as written after the opening fence (first word of the info string),
    /// normalized by `LanguageTag`; empty when the fence has none.
    public var language: String
    /// The tag as written (`c++`, `Python`), empty when the fence has none: the reference
    /// implementation puts this, not the normalized name, into its prompts.
    public var tag: String
    public var code: String
    /// True when the document ended before a closing fence: CommonMark says such a block runs
    /// to the end of the document, and a model cut off by `max_tokens` produces exactly this.
    public var unclosed: Bool
    /// 1-based line of the opening fence within the response.
    public var line: Int

    public init(language: String, tag: String? = nil, code: String, unclosed: Bool, line: Int) {
        self.language = language
        self.tag = tag ?? language
        self.code = code
        self.unclosed = unclosed
        self.line = line
    }
}

/// Finds fenced code blocks the CommonMark way: a line of at least three backticks or
/// tildes, indented at most three spaces, opens a block; a line of the same character, at least
/// as long, with nothing after it, closes it. Backtick fences cannot have backticks in their
/// info string. Content lines lose up to the fence's own indentation.
public enum CodeBlockParser {
    public static func blocks(in text: String) -> [CodeBlock] {
        let lines = text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [CodeBlock] = []
        var index = 0
        while index < lines.count {
            guard let opening = Fence(line: lines[index], opening: true) else {
                index += 1
                continue
            }
            var content: [String] = []
            var closed = false
            var cursor = index + 1
            while cursor < lines.count {
                if let closing = Fence(line: lines[cursor], opening: false),
                    closing.character == opening.character, closing.length >= opening.length
                {
                    closed = true
                    break
                }
                content.append(Self.removeIndent(lines[cursor], upTo: opening.indent))
                cursor += 1
            }
            var code = content.joined(separator: "\n")
            if !closed {
                // Drop trailing blank lines of a cut-off block; its text is otherwise kept whole.
                while code.hasSuffix("\n") { code.removeLast() }
            }
            blocks.append(CodeBlock(
                language: LanguageTag.normalize(opening.info), tag: opening.info, code: code, unclosed: !closed, line: index + 1))
            index = cursor + 1
        }
        return blocks
    }

    /// True when the text contains an opening fence at all.
    public static func hasFence(_ text: String) -> Bool {
        guard text.contains("```") || text.contains("~~~") else { return false }
        return text.replacingCRLF().split(separator: "\n").contains { Fence(line: $0, opening: true) != nil }
    }

    private static func removeIndent(_ line: Substring, upTo count: Int) -> String {
        var removed = 0
        var rest = line
        while removed < count, let first = rest.first, first == " " {
            rest = rest.dropFirst()
            removed += 1
        }
        return String(rest)
    }

    struct Fence {
        var character: Character
        var length: Int
        var indent: Int
        var info: String

        init?(line: Substring, opening: Bool) {
            var rest = line
            var indent = 0
            while let first = rest.first, first == " " {
                indent += 1
                rest = rest.dropFirst()
            }
            guard indent <= 3, let marker = rest.first, marker == "`" || marker == "~" else { return nil }
            let run = rest.prefix { $0 == marker }
            guard run.count >= 3 else { return nil }
            let info = rest.dropFirst(run.count).trimmingWhitespace()
            if opening {
                if marker == "`", info.contains("`") { return nil }
            } else {
                guard info.isEmpty else { return nil }
            }
            self.character = marker
            self.length = run.count
            self.indent = indent
            // The info string's first word is the language; `{.python}` and `python3` forms too.
            self.info = String(info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
    }
}

/// Canonical language names for fence tags and `--languages` filters.
public enum LanguageTag {
    static let aliases: [String: String] = [
        "py": "python", "python3": "python", "py3": "python", "python2": "python",
        "js": "javascript", "node": "javascript", "jsx": "javascript", "ts": "typescript", "tsx": "typescript",
        "c++": "cpp", "cc": "cpp", "cxx": "cpp", "hpp": "cpp", "h": "c",
        "cs": "csharp", "c#": "csharp", "sh": "bash", "shell": "bash", "zsh": "bash", "console": "bash",
        "rs": "rust", "golang": "go", "rb": "ruby", "kt": "kotlin", "yml": "yaml", "psql": "sql", "mysql": "sql",
        "objective-c": "objc", "objectivec": "objc", "text": "", "txt": "", "plaintext": "", "plain": "",
    ]

    public static func normalize(_ tag: String) -> String {
        var tag = tag.lowercased()
        if tag.hasPrefix("{") { tag = String(tag.dropFirst().prefix { $0 != "}" && $0 != " " }) }
        if tag.hasPrefix(".") { tag.removeFirst() }
        if tag.hasPrefix("language-") { tag.removeFirst("language-".count) }
        return aliases[tag] ?? tag
    }
}
