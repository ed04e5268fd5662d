import Foundation
import InstructData

/// Reads benchmark problems: openai/human-eval's HumanEval.jsonl(.gz), google-research's
/// mbpp.jsonl, and evalplus's HumanEvalPlus / MbppPlus files (detected by `base_input`).
public enum ProblemLoader {
    public static func load(_ benchmark: BenchmarkProblem.Benchmark, path: String) throws -> [BenchmarkProblem] {
        var problems: [BenchmarkProblem] = []
        var seen: Set<String> = []
        try EvaluationInput.forEachRecord(path: path, kind: "problems") { record in
            let problem = try benchmark == .humanEval ? humanEval(record) : mbpp(record)
            guard seen.insert(problem.taskID).inserted else {
                throw EvaluationError(record.location, "task \(problem.taskID) appears twice")
            }
            problems.append(problem)
        }
        guard !problems.isEmpty else { throw EvaluationError("\(path): no problems in the file") }
        return problems
    }

    static func humanEval(_ record: RawRecord) throws -> BenchmarkProblem {
        let fields = Fields(record)
        let taskID = try fields.string("task_id")
        let prompt = try fields.string("prompt")
        let entryPoint = try fields.string("entry_point")
        let canonical = try fields.string("canonical_solution")
        return BenchmarkProblem(benchmark: .humanEval, taskID: taskID, prompt: prompt, entryPoint: entryPoint,
                                tests: try fields.string("test"), checkFunction: "check",
                                referenceSolution: prompt + canonical, plus: try fields.plus())
    }

    static func mbpp(_ record: RawRecord) throws -> BenchmarkProblem {
        let fields = Fields(record)
        guard let rawID = record.fields["task_id"] else { throw EvaluationError(record.location, "no task_id") }
        let taskID = try MBPPTaskID.normalize(rawID, at: record.location)
        if let plus = try fields.plus() {
            // evalplus MbppPlus: prompt, code, entry_point, test (asserts on base inputs).
            let code = try fields.string("code")
            return BenchmarkProblem(benchmark: .mbpp, taskID: taskID, prompt: try fields.string("prompt"),
                                    entryPoint: try fields.string("entry_point"),
                                    tests: (try? fields.string("test")) ?? "", checkFunction: nil,
                                    referenceSolution: code, plus: plus)
        }
        let testList = try fields.stringList("test_list")
        let setup = (try? fields.string("test_setup_code")) ?? ""
        let tests = (setup.isEmpty ? "" : setup + "\n") + testList.joined(separator: "\n") + "\n"
        return BenchmarkProblem(benchmark: .mbpp, taskID: taskID, prompt: try fields.string("text"),
                                entryPoint: MBPPTaskID.entryPoint(fromTest: testList.first ?? ""), tests: tests,
                                checkFunction: nil, referenceSolution: try fields.string("code"), firstTest: testList.first)
    }

    /// Typed access to a record's fields with file:line errors.
    struct Fields {
        let record: RawRecord

        init(_ record: RawRecord) { self.record = record }

        func string(_ key: String) throws -> String {
            guard let value = record.fields[key] else { throw EvaluationError(record.location, "no field '\(key)'") }
            guard let text = value.stringValue else {
                throw EvaluationError(record.location, "field '\(key)' should be a string, found \(value.typeName)")
            }
            return text
        }

        func stringList(_ key: String) throws -> [String] {
            guard let items = record.fields[key]?.arrayValue else {
                throw EvaluationError(record.location, "field '\(key)' should be a list of strings")
            }
            return try items.map { item in
                guard let text = item.stringValue else {
                    throw EvaluationError(record.location, "field '\(key)' should hold only strings")
                }
                return text
            }
        }

        func plus() throws -> PlusTests? {
            guard let base = record.fields["base_input"] else { return nil }
            guard let baseInputs = base.arrayValue, let plusInputs = (record.fields["plus_input"] ?? .array([])).arrayValue
            else { throw EvaluationError(record.location, "base_input and plus_input should be lists of argument lists") }
            let tolerance = record.fields["atol"]?.doubleValue ?? 0
            return PlusTests(baseInputs: baseInputs, plusInputs: plusInputs, tolerance: tolerance)
        }
    }
}

/// MBPP task ids come as 11, "11" or evalplus's "Mbpp/11"; all become "11".
public enum MBPPTaskID {
    public static func normalize(_ value: JSONValue, at location: SourceLocation) throws -> String {
        if let number = value.intValue { return String(number) }
        if let text = value.stringValue {
            let digits = text.hasPrefix("Mbpp/") ? String(text.dropFirst(5)) : text
            if let number = Int(digits) { return String(number) }
        }
        throw EvaluationError(location, "task_id should be an MBPP task number, found \(value.serialized())")
    }

    /// The function an MBPP test calls: `assert name(...)`.
    static func entryPoint(fromTest test: String) -> String? {
        guard let assertRange = test.range(of: "assert") else { return nil }
        let rest = test[assertRange.upperBound...].drop { $0 == " " || $0 == "(" }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }
}
