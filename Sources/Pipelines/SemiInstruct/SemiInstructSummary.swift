import Console
import Foundation

/// The closing figures of a Semi-Instruct run (`--json` prints this object).
///
/// How the counts add up: `read` = `unsupported` + `duplicates` + the originals sent to the
/// model; each of those gives `samples` replies, so `generated` = sent × samples −
/// `generation_failures` − `pending`; every generated reply is a parse failure, an original
/// that failed on all its inputs, or validated; validated = kept + rejected.
public struct SemiInstructSummary: Sendable, Codable, Hashable {
    public var input = ""
    public var read = 0
    /// Originals that cannot run (syntax error, no function and no program statements).
    public var unsupported = 0
    /// Originals whose code repeats an earlier one.
    public var duplicates = 0
    public var generated = 0
    /// Samples whose model request failed for good.
    public var generationFailures = 0
    public var parseFailures = 0
    /// Samples on whose every test input the original itself failed.
    public var originalsFailed = 0
    /// Samples compared against the original (or found not comparable enough).
    public var validated = 0
    public var kept = 0
    /// Reason → count for every loss (unsupported, parse failures, originals failed, rejections).
    public var reasons: [String: Int] = [:]
    /// Tests passed → kept pairs.
    public var testsPassedHistogram: [String: Int] = [:]
    /// Originals with at least one kept pair.
    public var originalsKept = 0
    /// Kept pairs removed by decontamination and de-duplication, per method.
    public var removedByCleaning: [String: Int] = [:]
    /// Units not finished (left for a later run).
    public var pending = 0
    public var modelRequests = 0
    public var promptTokens = 0
    public var completionTokens = 0
    public var seconds = 0.0
    public var model = ""
    public var promptFormat = ""
    public var output = ""
    public var rejects = ""
    public var runDirectory = ""

    public init() {}

    enum CodingKeys: String, CodingKey {
        case input, read, unsupported, duplicates, generated, validated, kept, reasons, pending, seconds, model, output, rejects
        case generationFailures = "generation_failures"
        case parseFailures = "parse_failures"
        case originalsFailed = "originals_failed"
        case testsPassedHistogram = "tests_passed_histogram"
        case originalsKept = "originals_kept"
        case removedByCleaning = "removed_by_cleaning"
        case modelRequests = "model_requests"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case promptFormat = "prompt_format"
        case runDirectory = "run_dir"
    }
}

extension SemiInstructSummary {
    /// The summary a person reads at the end of `semi`.
    public var text: Summary {
        let s = self
        var text = Summary(title: "semi: \(s.kept) pairs kept from \(s.read) originals → \(s.output)")
        text.add("originals read", s.read)
        if s.unsupported > 0 { text.add("  unsupported", s.unsupported) }
        if s.duplicates > 0 { text.add("  duplicates", s.duplicates) }
        text.add("generated", s.generated)
        if s.generationFailures > 0 { text.add("generation failures", s.generationFailures) }
        text.add("parse failures", s.parseFailures)
        text.add("originals failed", s.originalsFailed)
        text.add("validated", s.validated)
        text.add("kept", "\(s.kept) (from \(s.originalsKept) originals)")
        for (reason, count) in s.reasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            text.add("  lost: \(reason)", count)
        }
        let histogram = s.testsPassedHistogram.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }
            .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        text.add("tests passed", histogram.isEmpty ? "-" : histogram)
        for (method, count) in s.removedByCleaning.sorted(by: { $0.key < $1.key }) { text.add("  cleaned: \(method)", count) }
        if s.pending > 0 { text.add("left", "\(s.pending) pending (re-run to finish)") }
        text.add("model", "\(s.model.isEmpty ? "-" : s.model) (\(s.promptFormat.isEmpty ? "-" : s.promptFormat) format)")
        text.add("model requests", s.modelRequests)
        text.add("tokens", "\(s.promptTokens) prompt, \(s.completionTokens) completion")
        text.add("time", String(format: "%.1f s", s.seconds))
        text.add("rejects", s.rejects)
        text.add("run directory", s.runDirectory)
        return text
    }
}
