import Foundation
import InstructData

/// Reads MultiPL-E problems (the vendored files unless one is given) and samples files.
public enum MultiPLEData {
    /// The commit of nuprl/MultiPL-E the vendored files are copied from (Data/multipl-e/SOURCES.md).
    public static let version = "11b407bd2dd98c8204afea4d20043faf2145c20c"

    /// The language's problems, from `path` or the vendored file.
    public static func problems(_ language: MultiPLELanguage, path: String? = nil) throws -> [MultiPLEProblem] {
        let file = try path ?? BenchmarkData.locate().folder.appendingPathComponent(language.dataFile).path
        var problems: [MultiPLEProblem] = []
        try BenchmarkInput.forEachRecord(path: file, kind: "problems") { record in
            func text(_ field: String) throws -> String {
                guard let value = record.fields[field]?.stringValue else {
                    throw ToolError(.invalidInput, "\(record.location): MultiPL-E problems need a string field '\(field)'")
                }
                return value
            }
            let stops = record.fields["stop_tokens"]?.arrayValue?.compactMap(\.stringValue) ?? []
            problems.append(MultiPLEProblem(name: try text("name"), language: language, prompt: try text("prompt"),
                                            tests: try text("tests"), stopTokens: stops))
        }
        return problems
    }

    /// Samples: records with `task_id` (MultiPL-E's `name`) and `completion`; a record's
    /// optional `language` says which language it is for (needed when several are checked).
    public static func samples(path: String, languages: [MultiPLELanguage]) throws -> [MultiPLELanguage: [Sample]] {
        var byLanguage: [MultiPLELanguage: [Sample]] = [:]
        try BenchmarkInput.forEachRecord(path: path, kind: "samples") { record in
            guard let taskID = record.fields["task_id"]?.stringValue else {
                throw ToolError(.invalidInput, "\(record.location): a sample needs a string 'task_id' (MultiPL-E's name, e.g. HumanEval_0_has_close_elements)")
            }
            guard let completion = record.fields["completion"]?.stringValue else {
                throw ToolError(.invalidInput, "\(record.location): a sample needs a string 'completion' that continues the prompt")
            }
            let language: MultiPLELanguage
            if let named = record.fields["language"]?.stringValue {
                guard let found = MultiPLELanguage(name: named) else {
                    throw ToolError(.invalidInput, "\(record.location): unknown language '\(named)'")
                }
                guard languages.contains(found) else { return }
                language = found
            } else if languages.count == 1, let only = languages.first {
                language = only
            } else {
                throw ToolError(.invalidInput, "\(record.location): with several languages, each sample needs a 'language' field")
            }
            byLanguage[language, default: []].append(Sample(taskID: taskID, code: completion, kind: .completion,
                                                            location: record.location))
        }
        return byLanguage
    }
}
