import Benchmarks
import Console
import Evaluation
import Foundation
import Sandbox

extension MultiPLEEvaluation.Outcome {
    /// The text summary: per language, pass@k, statuses and time; what generation did.
    public var summary: Summary {
        let outcomes = languages
        let passed = outcomes.reduce(0) { $0 + $1.report.results.filter(\.passed).count }
        let samples = outcomes.reduce(0) { $0 + $1.report.samples }
        var text = Summary(title: "eval multipl-e: \(passed) of \(samples) samples passed in \(outcomes.map(\.language.code).joined(separator: ", "))")
        for outcome in outcomes {
            let report = outcome.report
            let code = outcome.language.code
            text.add("\(code) results", "\(report.results.filter(\.passed).count) of \(report.samples) samples over \(report.tasks) tasks → \(outcome.resultsPath)")
            for k in report.passAtK.keys.sorted() {
                text.add("\(code) pass@\(k)", String(format: "%.2f%%", (report.passAtK[k] ?? 0) * 100))
            }
            let statuses = JobResult.Status.allCases.compactMap { status in
                report.statusCounts[status].map { "\($0) \(status.rawValue)" }
            }
            text.add("\(code) statuses", statuses.joined(separator: ", "))
            text.add("\(code) time", String(format: "%.2f s (%.1f samples/s)", report.seconds, Double(report.samples) / max(report.seconds, 1e-9)))
        }
        generation?.addLines(to: &text)
        return text
    }

    public var json: MultiPLEEvaluation.JSONSummary { MultiPLEEvaluation.JSONSummary(languages, generation: generation) }
}

extension MultiPLEEvaluation {

    /// The `--json` object: `benchmark` ("multipl-e"), `version` (the MultiPL-E commit), and for
    /// one language its `language`, `pass@k`, `tasks`, `samples`, `passed`, `results`, `seconds`,
    /// `statuses`; for several, those per language under `languages`; `generation` when the
    /// samples were generated.
    public struct JSONSummary: Encodable, Sendable {
        let outcomes: [LanguageOutcome]
        let generation: BenchmarkGenerationSummary?

        public init(_ outcomes: [LanguageOutcome], generation: BenchmarkGenerationSummary? = nil) {
            self.outcomes = outcomes
            self.generation = generation
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        struct Language: Encodable {
            let outcome: LanguageOutcome

            func encode(to encoder: any Encoder) throws {
                let report = outcome.report
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(outcome.language.code, forKey: Key("language"))
                for (k, value) in report.passAtK { try container.encode(value, forKey: Key("pass@\(k)")) }
                try container.encode(report.tasks, forKey: Key("tasks"))
                try container.encode(report.samples, forKey: Key("samples"))
                try container.encode(report.results.filter(\.passed).count, forKey: Key("passed"))
                try container.encode(outcome.resultsPath, forKey: Key("results"))
                try container.encode(report.seconds, forKey: Key("seconds"))
                let statuses = Dictionary(uniqueKeysWithValues: report.statusCounts.map { ($0.key.rawValue, $0.value) })
                try container.encode(statuses, forKey: Key("statuses"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            if outcomes.count == 1, let only = outcomes.first {
                try Language(outcome: only).encode(to: encoder)
            }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("multipl-e", forKey: Key("benchmark"))
            try container.encode(MultiPLEData.version, forKey: Key("version"))
            if outcomes.count != 1 {
                try container.encode(outcomes.map { Language(outcome: $0) }, forKey: Key("languages"))
            }
            if let generation { try container.encode(generation, forKey: Key("generation")) }
        }
    }
}
