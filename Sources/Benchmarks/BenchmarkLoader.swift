import Foundation
import InstructData

/// Reads benchmark files: openai/human-eval's HumanEval.jsonl(.gz), google-research's
/// mbpp.jsonl, evalplus's HumanEvalPlus / MbppPlus files (detected by `base_input`), and plain
/// files of problems whose fields have the usual names (for decontamination).
public enum BenchmarkLoader {
    /// Fields read as problem statements, then as solutions, in any problems file.
    public static let statementFields = ["prompt", "text", "question", "problem", "instruction", "description"]
    public static let solutionFields = ["canonical_solution", "solution", "code", "answer", "response", "output"]
    static let idFields = ["task_id", "id", "name", "problem_id"]

    /// The problems of `path`: a HumanEval or MBPP file (either release, or evalplus's "+"
    /// version) for `kind`; with `kind` nil a plain problems file, named `name` or after the file.
    public static func load(_ kind: BenchmarkKind?, path: String, name: String? = nil) throws -> Benchmark {
        let benchmarkName = name ?? kind?.name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var problems: [BenchmarkProblem] = []
        var seen: Set<String> = []
        if let kind, try EvalPlusFile.isEvalPlus(path: path) {
            for (record, raw) in try EvalPlusFile.records(path: path) {
                let problem = try evalPlus(kind, record, raw: raw)
                guard seen.insert(problem.taskID).inserted else {
                    throw ToolError(.invalidInput, "\(record.location): task \(problem.taskID) appears twice")
                }
                problems.append(problem)
            }
            guard !problems.isEmpty else { throw ToolError(.invalidInput, "\(path): no problems in the file") }
            return Benchmark(name: benchmarkName, source: path, problems: problems)
        }
        try BenchmarkInput.forEachRecord(path: path, kind: "problems") { record in
            let problem: BenchmarkProblem
            switch kind {
            case .humanEval: problem = try humanEval(record)
            case .mbpp: problem = try mbpp(record)
            case nil: problem = try plain(record, benchmark: benchmarkName)
            }
            guard kind == nil || seen.insert(problem.taskID).inserted else {
                throw ToolError(.invalidInput, "\(record.location): task \(problem.taskID) appears twice")
            }
            problems.append(problem)
        }
        guard !problems.isEmpty else { throw ToolError(.invalidInput, "\(path): no problems in the file") }
        return Benchmark(name: benchmarkName, source: path, problems: problems)
    }

    static func humanEval(_ record: RawRecord) throws -> BenchmarkProblem {
        let fields = Fields(record)
        let taskID = try fields.string("task_id")
        let prompt = try fields.string("prompt")
        let entryPoint = try fields.string("entry_point")
        let canonical = try fields.string("canonical_solution")
        return BenchmarkProblem(kind: .humanEval, taskID: taskID, prompt: prompt, entryPoint: entryPoint,
                                tests: try fields.string("test"), checkFunction: "check",
                                referenceSolution: prompt + canonical, texts: texts(of: record))
    }

    /// A HumanEval+ or MBPP+ record (evalplus): checked by differential testing against
    /// `prompt + canonical_solution`, as evalplus computes its expected outputs.
    static func evalPlus(_ kind: BenchmarkKind, _ record: RawRecord, raw: [String: String]) throws -> BenchmarkProblem {
        let fields = Fields(record)
        guard let rawID = record.fields["task_id"], let taskID = kind.taskID(rawID) else {
            throw ToolError(.invalidInput, "\(record.location): no task_id of \(kind.name)")
        }
        let prompt = try fields.string("prompt")
        let canonical = try fields.string("canonical_solution")
        guard let baseText = raw["base_input"] else { throw ToolError(.invalidInput, "\(record.location): no field 'base_input'") }
        let plusText = raw["plus_input"] ?? "[]"
        let plus: PlusTests
        do {
            plus = PlusTests(baseInputs: baseText, plusInputs: plusText, baseCount: try EvalPlusFile.elementCount(baseText),
                             plusCount: try EvalPlusFile.elementCount(plusText),
                             tolerance: record.fields["atol"]?.doubleValue ?? 0)
        } catch {
            throw ToolError(.invalidInput, "\(record.location): base_input and plus_input should be lists of argument lists")
        }
        // HumanEval+ keeps human-eval's `test`; MBPP+ has the original asserts as `assertion`.
        let tests = (try? fields.string("test")) ?? (try? fields.string("assertion")) ?? ""
        let firstAssert = kind == .mbpp ? tests.split(separator: "\n").first { $0.hasPrefix("assert") }.map(String.init) : nil
        return BenchmarkProblem(kind: kind, taskID: taskID, prompt: prompt, entryPoint: try fields.string("entry_point"),
                                tests: tests, checkFunction: kind == .humanEval ? "check" : nil,
                                referenceSolution: prompt + canonical, plus: plus, firstTest: firstAssert,
                                texts: texts(of: record))
    }

    static func mbpp(_ record: RawRecord) throws -> BenchmarkProblem {
        let fields = Fields(record)
        guard let rawID = record.fields["task_id"] else { throw ToolError(.invalidInput, "\(record.location): no task_id") }
        guard let taskID = BenchmarkKind.mbpp.taskID(rawID) else {
            throw ToolError(.invalidInput, "\(record.location): task_id should be an MBPP task number, found \(rawID.serialized())")
        }
        let testList = try fields.stringList("test_list")
        let setup = (try? fields.string("test_setup_code")) ?? ""
        let tests = (setup.isEmpty ? "" : setup + "\n") + testList.joined(separator: "\n") + "\n"
        return BenchmarkProblem(kind: .mbpp, taskID: taskID, prompt: try fields.string("text"),
                                entryPoint: entryPoint(fromTest: testList.first ?? ""), tests: tests,
                                checkFunction: nil, referenceSolution: try fields.string("code"),
                                firstTest: testList.first, texts: texts(of: record))
    }

    /// A plain problems file's record: statement and solution fields by their usual names, id
    /// from `task_id`/`id`/`name`/`problem_id` or else `NAME/INDEX`.
    static func plain(_ record: RawRecord, benchmark: String) throws -> BenchmarkProblem {
        let texts = texts(of: record)
        guard !texts.isEmpty else {
            throw ToolError(.invalidInput, "\(record.location): benchmark problem has none of the fields "
                + (statementFields + solutionFields).joined(separator: ", "))
        }
        var taskID: String?
        for field in idFields {
            switch record.fields[field] {
            case .string(let id): taskID = id
            case .int(let id): taskID = "\(benchmark)/\(id)"
            default: continue
            }
            break
        }
        return BenchmarkProblem(taskID: taskID ?? "\(benchmark)/\(record.location.index)", texts: texts)
    }

    /// The record's non-empty statement and solution fields, statements first.
    static func texts(of record: RawRecord) -> [BenchmarkProblem.NamedText] {
        (statementFields + solutionFields).compactMap { field in
            guard let text = record.fields[field]?.stringValue, !text.trimmingWhitespace().isEmpty else { return nil }
            return BenchmarkProblem.NamedText(name: field == "canonical_solution" ? "solution" : field, text: text)
        }
    }

    /// The function an MBPP test calls: `assert name(...)`.
    static func entryPoint(fromTest test: String) -> String? {
        guard let assertRange = test.range(of: "assert") else { return nil }
        let rest = test[assertRange.upperBound...].drop { $0 == " " || $0 == "(" }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    /// Typed access to a record's fields with file:line errors.
    struct Fields {
        let record: RawRecord

        init(_ record: RawRecord) { self.record = record }

        func string(_ key: String) throws -> String {
            guard let value = record.fields[key] else { throw ToolError(.invalidInput, "\(record.location): no field '\(key)'") }
            guard let text = value.stringValue else {
                throw ToolError(.invalidInput, "\(record.location): field '\(key)' should be a string, found \(value.typeName)")
            }
            return text
        }

        func stringList(_ key: String) throws -> [String] {
            guard let items = record.fields[key]?.arrayValue else {
                throw ToolError(.invalidInput, "\(record.location): field '\(key)' should be a list of strings")
            }
            return try items.map { item in
                guard let text = item.stringValue else {
                    throw ToolError(.invalidInput, "\(record.location): field '\(key)' should hold only strings")
                }
                return text
            }
        }
    }
}
