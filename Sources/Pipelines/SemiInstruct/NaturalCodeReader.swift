import Foundation
import InstructData

/// Reads originals: records of a JSONL/JSON file with a code field (found by name when
/// `field` is `auto`; the `extract` command's snippets have `code`), a Python source file, or
/// a directory of them split into top-level functions and programs. Each original's shape
/// comes from `CodeAnalyzer`.
public struct NaturalCodeReader: Sendable {
    /// Field names tried in order when the field is `auto`. Response-like fields may hold
    /// Markdown; their first fenced block is the code.
    public static let codeFields = ["code", "content", "snippet", "solution", "source", "program", "response", "output", "completion"]
    static let nameFields = ["id", "task_id", "name", "problem_id"]

    public var path: String
    /// A field name, or `auto`.
    public var field: String

    public init(path: String, field: String = "auto") {
        self.path = path
        self.field = field
    }

    public func read(analyzer: CodeAnalyzer) async throws -> [NaturalCode] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ToolError(.invalidInput, "\(path): no such file or directory")
        }
        var originals: [NaturalCode] = []
        if isDirectory.boolValue {
            for file in try sourceFiles() {
                originals += try await split(file: file, analyzer: analyzer, startIndex: originals.count)
            }
        } else if path.hasSuffix(".py") {
            originals = try await split(file: path, analyzer: analyzer, startIndex: 0)
        } else {
            originals = try records()
        }
        var analyzed: [NaturalCode] = []
        for var original in originals {
            switch try await analyzer.analyze(original.code) {
            case .success(let shape): original.shape = shape
            case .failure(let error): original.unsupported = error.description
            }
            analyzed.append(original)
        }
        return analyzed
    }

    private func sourceFiles() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw ToolError(.invalidInput, "\(path): cannot list the directory")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".py") { files.append((path as NSString).appendingPathComponent(relative)) }
        }
        return files.sorted()
    }

    private func split(file: String, analyzer: CodeAnalyzer, startIndex: Int) async throws -> [NaturalCode] {
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ToolError(.invalidInput, "\(file): cannot read: \(error.localizedDescription)")
        }
        let chunks = try await analyzer.split(source)
        if chunks.isEmpty {
            // Unparsable or empty: kept whole, so the reason is recorded rather than the file lost.
            return [NaturalCode(code: source, origin: .init(file: file, line: 1, index: startIndex))]
        }
        return chunks.enumerated().map { offset, chunk in
            NaturalCode(code: chunk.code, origin: .init(file: file, line: chunk.line, index: startIndex + offset, name: chunk.name))
        }
    }

    private func records() throws -> [NaturalCode] {
        var originals: [NaturalCode] = []
        var iterator = DatasetReader(path: path).makeIterator()
        while let item = try iterator.nextItem() {
            let record: RawRecord
            switch item {
            case .invalid(let problem): throw ToolError(.invalidInput, problem.description)
            case .record(let raw): record = raw
            }
            let fields = field == "auto" ? Self.codeFields : [field]
            guard let name = fields.first(where: { record.fields[$0]?.stringValue != nil }),
                  let text = record.fields[name]?.stringValue else {
                throw ToolError(.invalidInput, "\(record.location): no code field (looked for \(fields.joined(separator: ", ")); "
                    + "name it with --field)")
            }
            // Line endings are not behaviour; prompts and hashes see one kind.
            var code = text.replacingCRLF()
            if CodeBlockParser.hasFence(text), let block = CodeBlockParser.blocks(in: text).first(where: {
                $0.language.isEmpty || $0.language == "python"
            }) {
                code = block.code
            }
            let recordName = Self.nameFields.lazy.compactMap { key -> String? in
                switch record.fields[key] {
                case .string(let s)?: s
                case .int(let i)?: String(i)
                default: nil
                }
            }.first
            originals.append(NaturalCode(code: code, origin: .init(file: record.location.file, line: record.location.line,
                                                                   index: record.location.index, name: recordName)))
        }
        return originals
    }
}
