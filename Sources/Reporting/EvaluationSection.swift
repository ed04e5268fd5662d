import Evaluation
import Foundation
import InstructData

/// One evaluation results file (`*_results.jsonl`) in figures: pass@k on the base tests and,
/// for evalplus files, on base + plus; each task's verdict for the per-task grid.
public struct EvaluationSection: Sendable, Hashable, Codable {
    public struct PassAtKRow: Sendable, Hashable, Codable {
        public var k: Int
        public var base: Double
        public var plus: Double?
    }

    public struct Task: Sendable, Hashable, Codable {
        public var id: String
        public var samples: Int
        public var basePassed: Int
        public var plusPassed: Int?
        /// The first failing sample's status and message (the end of it), to say why.
        public var failure: String?
    }

    public var label: String
    public var path: String
    /// The task ids' prefix ("HumanEval", "Mbpp", "HumanEval_java"): results of one benchmark share it.
    public var benchmark: String
    public var samples: Int
    public var hasPlus: Bool
    public var passAtK: [PassAtKRow]
    public var statuses: [String: Int]
    public var tasks: [Task]

    /// Whether the file looks like results: its first record has `task_id` and `passed`.
    public static func looksLikeResults(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        guard let line = head.split(separator: UInt8(ascii: "\n")).first,
              let value = try? JSONParser.parse(ArraySlice(line)) else { return false }
        return value["task_id"] != nil && value["passed"] != nil
    }

    public static func load(path: String, label: String? = nil) throws -> EvaluationSection {
        var tasks: [String: Task] = [:]
        var order: [String] = []
        var statuses: [String: Int] = [:]
        var samples = 0
        var hasPlus = false
        for (offset, record) in try JSONLines.objects(path: path).enumerated() {
            guard let taskID = record["task_id"]?.stringValue, case .bool(let passed)? = record["passed"] else {
                throw ToolError(.invalidInput, "\(path):\(offset + 1): not an evaluation result (no task_id or passed)")
            }
            samples += 1
            // evalplus files give the base and plus verdicts apart; `passed` alone is the base one.
            let basePassed = Self.bool(record["base_passed"]) ?? passed
            let plusPassed = Self.bool(record["plus_passed"])
            if plusPassed != nil { hasPlus = true }
            let status = record["status"]?.stringValue ?? (passed ? "passed" : "failed")
            statuses[status, default: 0] += 1
            var task = tasks[taskID] ?? Task(id: taskID, samples: 0, basePassed: 0, plusPassed: nil)
            if tasks[taskID] == nil { order.append(taskID) }
            task.samples += 1
            task.basePassed += basePassed ? 1 : 0
            if let plusPassed { task.plusPassed = (task.plusPassed ?? 0) + (plusPassed ? 1 : 0) }
            // `passed` is not always the strictest verdict (a plus-only failure can have passed = true).
            if !passed || !basePassed || plusPassed == false, task.failure == nil {
                let message = record["message"]?.stringValue ?? record["exception"]?.stringValue ?? ""
                task.failure = message.isEmpty ? status : "\(status): \(String(message.suffix(400)))"
            }
            tasks[taskID] = task
        }
        guard !order.isEmpty else { throw ToolError(.invalidInput, "\(path): no results in it") }
        let ordered = order.sorted(by: TaskOrder.precedes).compactMap { tasks[$0] }
        let minimum = ordered.map(\.samples).min() ?? 1
        let rows = PassAtK.reportable(minimumSamples: minimum).map { k in
            PassAtKRow(k: k,
                       base: PassAtK.mean(ordered.map { ($0.samples, $0.basePassed) }, k: k),
                       plus: hasPlus ? PassAtK.mean(ordered.map { ($0.samples, $0.plusPassed ?? 0) }, k: k) : nil)
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        return EvaluationSection(label: label ?? name, path: path, benchmark: TaskOrder.benchmark(of: order[0]),
                                 samples: samples, hasPlus: hasPlus, passAtK: rows, statuses: statuses, tasks: ordered)
    }

    static func bool(_ value: JSONValue?) -> Bool? {
        if case .bool(let flag)? = value { return flag }
        return nil
    }
}

/// Task ids in the order people read them: "HumanEval/2" before "HumanEval/10".
enum TaskOrder {
    static func benchmark(of taskID: String) -> String {
        String(taskID.prefix { $0 != "/" })
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        let (pa, pb) = (benchmark(of: a), benchmark(of: b))
        if pa != pb { return pa < pb }
        let (na, nb) = (Int(a.dropFirst(pa.count + 1).prefix { $0.isNumber }), Int(b.dropFirst(pb.count + 1).prefix { $0.isNumber }))
        if let na, let nb, na != nb { return na < nb }
        return a < b
    }
}
