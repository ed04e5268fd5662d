import Benchmarks
import Console
import Evaluation
import Foundation
import Sandbox

extension BenchmarkEvaluation.Outcome {
    /// The summary `eval` prints: pass@k, statuses, time, and what generation did.
    public func summary(_ benchmark: BenchmarkKind) -> Summary {
        let passed = report.results.filter(\.passed).count
        var text = Summary(title: "eval \(benchmark.name): \(passed) of \(report.samples) samples passed over \(report.tasks) tasks → \(resultsPath)")
        text.add("benchmark", benchmarkLabel)
        text.add("base verdict", baseVerdict)
        for k in report.passAtK.keys.sorted() {
            text.add("pass@\(k)", String(format: "%.2f%%", (report.passAtK[k] ?? 0) * 100))
        }
        if let plus = report.plusPassAtK {
            for k in plus.keys.sorted() { text.add("plus pass@\(k)", String(format: "%.2f%%", (plus[k] ?? 0) * 100)) }
            text.add("plus passed", report.results.filter { $0.plusPassed == true }.count)
        }
        for status in JobResult.Status.allCases {
            if let count = report.statusCounts[status] { text.add(status.rawValue, count) }
        }
        text.add("time", String(format: "%.2f s (%.0f samples/s)", report.seconds, Double(report.samples) / max(report.seconds, 1e-9)))
        generation?.addLines(to: &text)
        return text
    }

    /// The `--json` object: `pass@k` (and `plus_pass@k`), `benchmark`, `base_verdict`, `tasks`, `samples`, `passed`,
    /// `results`, `seconds`, `statuses`, and `generation` when the samples were generated.
    public var json: JSONSummary { JSONSummary(outcome: self) }

    public struct JSONSummary: Encodable, Sendable {
        let outcome: BenchmarkEvaluation.Outcome

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public func encode(to encoder: any Encoder) throws {
            let report = outcome.report
            var container = encoder.container(keyedBy: Key.self)
            for (k, value) in report.passAtK { try container.encode(value, forKey: Key("pass@\(k)")) }
            if let plus = report.plusPassAtK {
                for (k, value) in plus { try container.encode(value, forKey: Key("plus_pass@\(k)")) }
            }
            try container.encode(outcome.benchmarkLabel, forKey: Key("benchmark"))
            try container.encode(outcome.baseVerdict, forKey: Key("base_verdict"))
            try container.encode(report.tasks, forKey: Key("tasks"))
            try container.encode(report.samples, forKey: Key("samples"))
            try container.encode(report.results.filter(\.passed).count, forKey: Key("passed"))
            if report.plusPassAtK != nil {
                try container.encode(report.results.filter { $0.plusPassed == true }.count, forKey: Key("plus_passed"))
            }
            try container.encode(outcome.resultsPath, forKey: Key("results"))
            try container.encode(report.seconds, forKey: Key("seconds"))
            let statuses = Dictionary(uniqueKeysWithValues: report.statusCounts.map { ($0.key.rawValue, $0.value) })
            try container.encode(statuses, forKey: Key("statuses"))
            if let generation = outcome.generation { try container.encode(generation, forKey: Key("generation")) }
        }
    }
}
