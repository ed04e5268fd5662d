import Benchmarks
import Console
import Evaluation
import Foundation
import InstructData
import Sandbox

/// `eval multipl-e --samples FILE --language L[,L…]` as a library call: each language's
/// problems (the vendored MultiPL-E files), its toolchain, its samples checked in one sandbox
/// pool shared by all languages, and per-task results written per language.
public struct MultiPLEEvaluation: Sendable {
    public var languages: [MultiPLELanguage]
    public var samplesPath: String
    /// Per-sample results; nil: beside the samples (`S_results.jsonl`). With several languages,
    /// each gets its own file, the language before the extension (`S_results.java.jsonl`).
    public var resultsPath: String?
    public var sandbox: SandboxConfiguration
    public var limits: MultiPLELimits

    /// One language's verdicts.
    public struct LanguageOutcome: Sendable {
        public var language: MultiPLELanguage
        public var report: EvaluationReport
        public var resultsPath: String
    }

    public init(languages: [MultiPLELanguage], samplesPath: String, resultsPath: String? = nil,
                sandbox: SandboxConfiguration, limits: MultiPLELimits) {
        self.languages = languages
        self.samplesPath = samplesPath
        self.resultsPath = resultsPath
        self.sandbox = sandbox
        self.limits = limits
    }

    /// The results file of `language`.
    func resultsFile(_ language: MultiPLELanguage) -> String {
        let base = resultsPath ?? ResultsFile.defaultPath(forSamples: samplesPath)
        guard languages.count > 1 else { return base }
        if base.hasSuffix(".jsonl") { return String(base.dropLast(6)) + ".\(language.code).jsonl" }
        return base + ".\(language.code)"
    }

    public func run(progress: (String, Int?) -> ProgressReporter) async throws -> [LanguageOutcome] {
        // Toolchains and samples first: a missing compiler or a bad file stops before any work.
        var toolchains: [MultiPLELanguage: MultiPLEToolchain] = [:]
        for language in languages { toolchains[language] = try MultiPLEToolchain.locate(language) }
        let samples = try MultiPLEData.samples(path: samplesPath, languages: languages)
        guard samples.values.contains(where: { !$0.isEmpty }) else {
            throw ToolError(.invalidInput, "\(samplesPath): no samples to check")
        }
        var configuration = sandbox
        configuration.readOnlyPaths += toolchains.values.flatMap(\.readOnlyPaths)
        let outcomes = try await withSandboxPool(configuration) { pool in
            try await pool.warmUp()
            var outcomes: [LanguageOutcome] = []
            for language in languages {
                guard let toolchain = toolchains[language], let mine = samples[language], !mine.isEmpty else { continue }
                let problems = try MultiPLEData.problems(language)
                let reporter = progress("eval multipl-e \(language.code)", mine.count)
                defer { reporter.finish() }
                let report = try await MultiPLEChecker(pool: pool, toolchain: toolchain, limits: limits)
                    .evaluate(problems: problems, samples: mine) { reporter.advance() }
                outcomes.append(LanguageOutcome(language: language, report: report, resultsPath: resultsFile(language)))
            }
            return outcomes
        }
        for outcome in outcomes { try ResultsFile.write(outcome.report.results, to: outcome.resultsPath) }
        return outcomes
    }
}
