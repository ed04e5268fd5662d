import Foundation
import InstructData

/// The three parts of a generation reply, as text; tests are read later, with the original's
/// signature, by `CodeAnalyzer.testInputs`.
public struct ParsedReply: Sendable, Hashable, Codable {
    public var instruction: String
    public var function: String
    public var tests: String
}

/// Reads a generation reply: headed sections in any Markdown dress (`### Tests`, `**Tests:**`,
/// `Tests:`, any case, synonyms), fenced or bare code, or one JSON object with the three
/// fields. A reply that yields no instruction, no code or no tests is a failure whose reason
/// says which.
public enum ReplyParser {
    enum Section: String { case instruction, function, tests }

    static let synonyms: [String: Section] = [
        "instruction": .instruction, "instructions": .instruction, "task": .instruction, "problem": .instruction,
        "description": .instruction, "task description": .instruction, "problem description": .instruction,
        "function": .function, "solution": .function, "code": .function, "implementation": .function,
        "python function": .function, "program": .function,
        "tests": .tests, "test": .tests, "test inputs": .tests, "test cases": .tests, "inputs": .tests,
        "examples": .tests, "test input": .tests,
    ]

    public static func parse(_ text: String) -> Result<ParsedReply, ReplyParseFailure> {
        if let fromJSON = parseJSON(text) { return .success(fromJSON) }
        var sections: [Section: [String]] = [:]
        var current: Section?
        var inFence = false
        for line in text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let (section, inline) = header(trimmed) {
                // A repeated section (a model that starts over) keeps its first version.
                if sections[section] == nil {
                    current = section
                    sections[section] = inline.isEmpty ? [] : [inline]
                } else {
                    current = nil
                }
                continue
            }
            if let current { sections[current, default: []].append(line) }
        }
        let instruction = (sections[.instruction] ?? []).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let functionText = (sections[.function] ?? []).joined(separator: "\n")
        let testsText = (sections[.tests] ?? []).joined(separator: "\n")
        var function = code(in: functionText)
        var tests = code(in: testsText)
        if function.isEmpty {
            // No function section: the first Python block anywhere, the next block as tests.
            let blocks = CodeBlockParser.blocks(in: text)
            if let index = blocks.firstIndex(where: { $0.language.isEmpty || $0.language == "python" }) {
                function = blocks[index].code
                if tests.isEmpty, index + 1 < blocks.count { tests = blocks[index + 1].code }
            }
        }
        if instruction.isEmpty { return .failure(.init(reason: "no instruction section")) }
        if function.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .failure(.init(reason: "no function code")) }
        if tests.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .failure(.init(reason: "no test inputs section")) }
        return .success(ParsedReply(instruction: instruction, function: function, tests: tests))
    }

    /// A header line: `#`s or bold around a known name, or the name followed by a colon; the
    /// text after the colon, if any, is the section's first line.
    static func header(_ line: String) -> (Section, String)? {
        guard !line.isEmpty, line.count < 200 else { return nil }
        var rest = Substring(line)
        var marked = false
        while rest.first == "#" { rest.removeFirst(); marked = true }
        rest = rest.drop(while: { $0 == " " })
        if rest.hasPrefix("**") { rest.removeFirst(2); marked = true }
        // The name: letters and spaces up to a colon, `**`, or the end.
        var name = ""
        var index = rest.startIndex
        while index < rest.endIndex, rest[index].isLetter || rest[index] == " " {
            name.append(rest[index])
            index = rest.index(after: index)
        }
        var tail = rest[index...]
        if tail.hasPrefix("**") { tail.removeFirst(2) }
        var colon = false
        if tail.hasPrefix(":") { tail.removeFirst(); colon = true }
        if tail.hasPrefix("**") { tail.removeFirst(2) }
        guard marked || colon else { return nil }
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let section = synonyms[key] ?? synonyms[key.replacingOccurrences(of: "the ", with: "")] else { return nil }
        let inline = tail.trimmingCharacters(in: .whitespaces)
        // `# Function` with text after it but no colon is a sentence, not a header.
        if !colon, !inline.isEmpty { return nil }
        return (section, inline)
    }

    /// The first fenced block of a section, or the section's text when it has none.
    static func code(in section: String) -> String {
        if let block = CodeBlockParser.blocks(in: section).first { return block.code }
        return section.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A reply that is (or holds, in a fenced block) one JSON object with the three parts.
    static func parseJSON(_ text: String) -> ParsedReply? {
        var candidates = [text.trimmingCharacters(in: .whitespacesAndNewlines)]
        candidates += CodeBlockParser.blocks(in: text).filter { $0.language == "json" || $0.language.isEmpty }.map(\.code)
        for candidate in candidates where candidate.hasPrefix("{") {
            guard case .object(let object)? = try? JSONParser.parse(ArraySlice(Array(candidate.utf8))) else { continue }
            func first(_ keys: [String]) -> JSONValue? { keys.lazy.compactMap { object[$0] }.first }
            guard let instruction = first(["instruction", "task", "problem"])?.stringValue,
                  let function = first(["function", "code", "solution"])?.stringValue,
                  let tests = first(["tests", "test_inputs", "inputs"]) else { continue }
            let testsText = tests.stringValue ?? tests.serialized()
            return ParsedReply(instruction: instruction, function: code(in: function), tests: testsText)
        }
        return nil
    }
}

public struct ReplyParseFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
