import Foundation
import InstructData

/// One model answer to check.
public struct Sample: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        /// human-eval format: `completion` continues the prompt.
        case completion
        /// evalplus format: `solution` is the whole program.
        case solution
    }

    public var taskID: String
    public var code: String
    public var kind: Kind
    public var location: SourceLocation?

    public init(taskID: String, code: String, kind: Kind, location: SourceLocation? = nil) {
        self.taskID = taskID
        self.code = code
        self.kind = kind
        self.location = location
    }
}

/// Reads a samples file: JSONL (or a JSON array, optionally .gz) of records with `task_id` and
/// `completion` (human-eval) or `solution` (evalplus); any number per task.
public enum SampleReader {
    public static func read(path: String, benchmark: BenchmarkKind) throws -> [Sample] {
        var samples: [Sample] = []
        try BenchmarkInput.forEachRecord(path: path, kind: "samples") { record in
            samples.append(try sample(record, benchmark: benchmark))
        }
        return samples
    }

    static func sample(_ record: RawRecord, benchmark: BenchmarkKind) throws -> Sample {
        guard let rawID = record.fields["task_id"] else { throw ToolError(.invalidInput, "\(record.location): no field 'task_id'") }
        guard let taskID = benchmark.taskID(rawID) else {
            switch benchmark {
            case .humanEval:
                throw ToolError(.invalidInput, "\(record.location): task_id should be a string like \"HumanEval/0\"")
            case .mbpp:
                throw ToolError(.invalidInput, "\(record.location): task_id should be an MBPP task number, found \(rawID.serialized())")
            }
        }
        if let completion = record.fields["completion"] {
            guard let code = completion.stringValue else {
                throw ToolError(.invalidInput, "\(record.location): field 'completion' should be a string, found \(completion.typeName)")
            }
            return Sample(taskID: taskID, code: code, kind: .completion, location: record.location)
        }
        if let solution = record.fields["solution"] {
            guard let code = solution.stringValue else {
                throw ToolError(.invalidInput, "\(record.location): field 'solution' should be a string, found \(solution.typeName)")
            }
            return Sample(taskID: taskID, code: code, kind: .solution, location: record.location)
        }
        throw ToolError(.invalidInput, "\(record.location): a sample needs 'completion' (human-eval) or 'solution' (evalplus)")
    }
}

extension Sample {
    /// The sample as a record of the samples files this tool writes: human-eval `completion`
    /// records, or evalplus `solution` records, with the task id spelled as `benchmark` writes it.
    public func samplesFileRecord(_ benchmark: BenchmarkKind) -> JSONValue {
        let field = kind == .completion ? "completion" : "solution"
        return .object(["task_id": .string(benchmark.samplesFileTaskID(taskID)), field: .string(code)])
    }
}
