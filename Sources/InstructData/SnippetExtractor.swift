/// A code snippet taken from a response, with a stable content id and where it came from.
public struct Snippet: Sendable, Hashable {
    /// `ContentHash.id` of the normalized code: the same code always gets the same id.
    public var id: String
    public var language: String
    /// The language tag as the response wrote it (`c++`, empty for an untagged fence), or
    /// `python` for a whole response kept as Python (the reference wraps those in a python
    /// fence). The `raw` language-tag setting shows the model this instead of `language`.
    public var tag: String
    public var code: String
    /// The original instruction of the pair the snippet came from.
    public var instruction: String
    public var source: SourceLocation
    /// Which fenced block of the response (0-based); nil when the whole response was taken.
    public var block: Int?
    public var unclosedFence: Bool
    /// Fields of the input record that no mapping consumed.
    public var extra: [String: JSONValue]

    /// The snippet as an output record.
    public var json: JSONValue {
        var source: [String: JSONValue] = [
            "file": .string(self.source.file), "line": .int(self.source.line), "index": .int(self.source.index),
        ]
        if let block { source["block"] = .int(block) }
        var object: [String: JSONValue] = [
            "id": .string(id), "language": .string(language), "tag": .string(tag), "code": .string(code),
            "instruction": .string(instruction), "source": .object(source),
        ]
        if unclosedFence { object["unclosed_fence"] = .bool(true) }
        if !extra.isEmpty { object["provenance"] = .object(extra) }
        return .object(object)
    }

    /// Reads a snippet back from its output record.
    public init(json: JSONValue, location: SourceLocation) throws(InvalidRecord) {
        func fail(_ reason: String) -> InvalidRecord { InvalidRecord(location: location, reason: reason, text: "") }
        guard let id = json["id"]?.stringValue, let code = json["code"]?.stringValue else {
            throw fail("a snippet record needs string fields 'id' and 'code'")
        }
        let source = json["source"]
        self.init(
            id: id, language: json["language"]?.stringValue ?? "",
            tag: json["tag"]?.stringValue ?? json["language"]?.stringValue ?? "", code: code,
            instruction: json["instruction"]?.stringValue ?? "",
            source: SourceLocation(
                file: source?["file"]?.stringValue ?? location.file, line: source?["line"]?.intValue ?? location.line,
                index: source?["index"]?.intValue ?? location.index),
            block: source?["block"]?.intValue, unclosedFence: json["unclosed_fence"] == .bool(true),
            extra: json["provenance"]?.objectValue ?? [:])
    }

    public init(id: String, language: String, tag: String? = nil, code: String, instruction: String,
                source: SourceLocation, block: Int?, unclosedFence: Bool, extra: [String: JSONValue]) {
        self.id = id
        self.language = language
        self.tag = tag ?? language
        self.code = code
        self.instruction = instruction
        self.source = source
        self.block = block
        self.unclosedFence = unclosedFence
        self.extra = extra
    }
}

public struct ExtractionOptions: Sendable {
    /// Every fenced block instead of the first (the paper keeps the first: later ones are
    /// mostly tests or usage).
    public var allBlocks = false
    /// Keep only these languages (canonical names, see `LanguageTag`); nil keeps all.
    public var languages: Set<String>?
    public var minLines = 1
    public var maxLines: Int?
    /// Drop snippets whose normalized code was already written.
    public var deduplicate = true

    public init() {}
}

public enum DropReason: String, Sendable, CaseIterable, Codable {
    /// No fence, and the response is empty or only a bare value ("42", "True", one word).
    case noCode = "no_code"
    /// No fence, and the response does not parse as Python.
    case unparsable
    case tooShort = "too_short"
    case tooLong = "too_long"
    case duplicate
    case language
}

/// What happened to one input pair.
public struct ExtractionOutcome: Sendable {
    public var snippets: [Snippet]
    /// Why each block (or the whole response) that was not kept was dropped.
    public var drops: [DropReason]
}

/// Takes code snippets out of responses (DESIGN.md, "Method facts"): the first fenced block
/// with its language tag, or the whole response when it has no fence and parses as Python.
/// Untagged blocks that parse as Python are tagged `python`. Works on batches so the Python
/// checks for a batch go to the helper process in one message.
public final class SnippetExtractor {
    public let options: ExtractionOptions
    private let checker: PythonSyntaxChecker
    private var seen: Set<String> = []

    public init(options: ExtractionOptions, checker: PythonSyntaxChecker) {
        self.options = options
        self.checker = checker
    }

    private struct Candidate {
        var pair: Int
        var code: String
        var language: String
        var tag: String
        var block: Int?
        var unclosed: Bool
        /// Needs a Python verdict: a whole response (keep only if it parses) or an untagged block.
        var wholeResponse: Bool
    }

    public func extract(_ pairs: [InstructionPair]) throws -> [ExtractionOutcome] {
        var outcomes = pairs.map { _ in ExtractionOutcome(snippets: [], drops: []) }
        var candidates: [Candidate] = []
        for (index, pair) in pairs.enumerated() {
            let blocks = CodeBlockParser.blocks(in: pair.response)
            if blocks.isEmpty {
                let whole = pair.response.replacingCRLF()
                if whole.trimmingWhitespace().isEmpty {
                    outcomes[index].drops.append(.noCode)
                } else {
                    candidates.append(Candidate(pair: index, code: whole, language: "python", tag: "python", block: nil,
                                                unclosed: false, wholeResponse: true))
                }
                continue
            }
            let nonEmpty = blocks.enumerated().filter { !$0.element.code.trimmingWhitespace().isEmpty }
            guard !nonEmpty.isEmpty else {
                outcomes[index].drops.append(.noCode)
                continue
            }
            for (position, block) in options.allBlocks ? nonEmpty : [nonEmpty[0]] {
                candidates.append(Candidate(pair: index, code: block.code, language: block.language, tag: block.tag,
                                            block: position,
                                            unclosed: block.unclosed, wholeResponse: false))
            }
        }

        let needsCheck = candidates.indices.filter { candidates[$0].wholeResponse || candidates[$0].language.isEmpty }
        let verdicts = try checker.check(needsCheck.map { candidates[$0].code })
        var verdictOf: [Int: PythonSyntaxChecker.Verdict] = [:]
        for (position, candidate) in needsCheck.enumerated() { verdictOf[candidate] = verdicts[position] }

        for (position, candidate) in candidates.enumerated() {
            var language = candidate.language
            if let verdict = verdictOf[position] {
                if candidate.wholeResponse {
                    switch verdict {
                    case .code: break
                    case .trivial: outcomes[candidate.pair].drops.append(.noCode); continue
                    case .invalid: outcomes[candidate.pair].drops.append(.unparsable); continue
                    }
                } else if verdict == .code {
                    language = "python"
                }
            }
            if let languages = options.languages, !languages.contains(language) {
                outcomes[candidate.pair].drops.append(.language)
                continue
            }
            let normalized = SnippetNormalizer.normalize(candidate.code)
            let lineCount = normalized.isEmpty ? 0 : normalized.split(separator: "\n", omittingEmptySubsequences: false).count
            if lineCount < options.minLines {
                outcomes[candidate.pair].drops.append(.tooShort)
                continue
            }
            if let maxLines = options.maxLines, lineCount > maxLines {
                outcomes[candidate.pair].drops.append(.tooLong)
                continue
            }
            let id = ContentHash.id(normalized)
            if options.deduplicate {
                guard seen.insert(id).inserted else {
                    outcomes[candidate.pair].drops.append(.duplicate)
                    continue
                }
            }
            let pair = pairs[candidate.pair]
            outcomes[candidate.pair].snippets.append(Snippet(
                id: id, language: language, tag: candidate.tag, code: normalized, instruction: pair.instruction, source: pair.location,
                block: candidate.block, unclosedFence: candidate.unclosed, extra: pair.extra))
        }
        return outcomes
    }
}
