import Foundation
import InstructData

/// Reads benchmark files into `Benchmark`s: HumanEval (`prompt`, `canonical_solution`), MBPP
/// (`text`, `code`), or any JSONL/JSON file of problems whose fields have the usual names.
public enum BenchmarkLoader {
    /// Fields read as problem statements, then as solutions, in any problems file.
    public static let statementFields = ["prompt", "text", "question", "problem", "instruction", "description"]
    public static let solutionFields = ["canonical_solution", "solution", "code", "answer", "response", "output"]
    static let idFields = ["task_id", "id", "name", "problem_id"]

    /// HumanEval: prompt (signature + docstring), the docstring alone, and the canonical solution.
    public static func humanEval(path: String) throws -> Benchmark {
        let problems = try records(path: path).map { record -> BenchmarkProblem in
            var problem = try genericProblem(record, benchmark: "HumanEval", requireID: true)
            if let prompt = record.fields["prompt"]?.stringValue, let docstring = docstring(in: prompt) {
                problem.parts.append(.init(name: "docstring", text: docstring))
            }
            return problem
        }
        return Benchmark(name: "humaneval", source: path, problems: problems)
    }

    /// MBPP: the task text and the reference code. Task ids become `mbpp/N`.
    public static func mbpp(path: String) throws -> Benchmark {
        let problems = try records(path: path).map { record -> BenchmarkProblem in
            var problem = try genericProblem(record, benchmark: "mbpp", requireID: true)
            if let number = record.fields["task_id"]?.intValue { problem.taskID = "mbpp/\(number)" }
            return problem
        }
        return Benchmark(name: "mbpp", source: path, problems: problems)
    }

    /// Any file of problems: statement and solution fields by their usual names, id from
    /// `task_id`/`id`/`name` or else `NAME/INDEX`.
    public static func problems(path: String, name: String? = nil) throws -> Benchmark {
        let benchmarkName = name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let problems = try records(path: path).map { try genericProblem($0, benchmark: benchmarkName, requireID: false) }
        return Benchmark(name: benchmarkName, source: path, problems: problems)
    }

    static func records(path: String) throws -> [RawRecord] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetIOError("\(path): no such benchmark file")
        }
        var iterator = DatasetReader(path: path).makeIterator()
        var records: [RawRecord] = []
        while let item = try iterator.nextItem() {
            switch item {
            case .record(let record): records.append(record)
            case .invalid(let error): throw error
            }
        }
        return records
    }

    static func genericProblem(_ record: RawRecord, benchmark: String, requireID: Bool) throws -> BenchmarkProblem {
        var parts: [BenchmarkProblem.Part] = []
        for field in statementFields + solutionFields {
            if let text = record.fields[field]?.stringValue, !text.trimmingWhitespace().isEmpty {
                parts.append(.init(name: partName(field), text: text))
            }
        }
        guard !parts.isEmpty else {
            throw InvalidRecord(location: record.location,
                                reason: "benchmark problem has none of the fields \((statementFields + solutionFields).joined(separator: ", "))",
                                text: record.fields.keys.sorted().joined(separator: ", "))
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
        if taskID == nil, requireID {
            throw InvalidRecord(location: record.location, reason: "benchmark problem has no task_id",
                                text: record.fields.keys.sorted().joined(separator: ", "))
        }
        return BenchmarkProblem(taskID: taskID ?? "\(benchmark)/\(record.location.index)", parts: parts)
    }

    /// Whether a part is a solution (code) rather than a problem statement.
    public static func isSolutionPart(_ name: String) -> Bool {
        name == "solution" || solutionFields.contains(name)
    }

    static func partName(_ field: String) -> String {
        switch field {
        case "canonical_solution": "solution"
        default: field
        }
    }

    /// The text of the first triple-quoted string, trimmed: HumanEval's task description.
    public static func docstring(in prompt: String) -> String? {
        for quote in ["\"\"\"", "'''"] {
            guard let open = prompt.range(of: quote),
                  let close = prompt.range(of: quote, range: open.upperBound..<prompt.endIndex) else { continue }
            let text = prompt[open.upperBound..<close.lowerBound].trimmingWhitespace()
            return text.isEmpty ? nil : text
        }
        return nil
    }
}
