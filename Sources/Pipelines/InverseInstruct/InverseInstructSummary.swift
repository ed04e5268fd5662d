import Console
import Foundation

/// The closing figures of an Inverse-Instruct run (`--json` prints this object).
public struct InverseInstructSummary: Sendable, Codable, Hashable {
    public var input = ""
    public var runDirectory = ""
    public var records = 0
    public var invalidLines = 0
    public var snippets = 0
    /// Candidates generated (K per summarized snippet).
    public var candidates = 0
    /// Reason → count, for candidates that gave no usable instruction.
    public var candidatesRejected: [String: Int] = [:]
    public var scored = 0
    /// Reason → count, for candidates that got no score.
    public var unscored: [String: Int] = [:]
    public var selected = 0
    /// Reason → count, for snippets that got no instruction.
    public var snippetsWithoutSelection: [String: Int] = [:]
    /// Units whose model calls failed and are left for a later run.
    /// Records removed from each phase by decontamination and de-duplication, per method.
    public var removedByCleaning: [String: [String: Int]] = [:]
    public var phase1Records = 0
    public var phase2Records = 0
    public var pendingUnits = 0
    public var failedUnits = 0
    public var modelRequests = 0
    public var promptTokens = 0
    public var completionTokens = 0
    public var cost: Double?
    public var seconds = 0.0
    public var promptFormat = ""
    public var model = ""
    public var outputs = Outputs()

    public struct Outputs: Sendable, Codable, Hashable {
        public var snippets = ""
        public var selection = ""
        public var manifest = ""
        /// format → path
        public var phase1: [String: String] = [:]
        public var phase2: [String: String] = [:]
    }

    enum CodingKeys: String, CodingKey {
        case input, records, snippets, candidates, scored, unscored, selected, cost, seconds, model, outputs
        case runDirectory = "run_dir"
        case invalidLines = "invalid_lines"
        case candidatesRejected = "candidates_rejected"
        case snippetsWithoutSelection = "snippets_without_selection"
        case removedByCleaning = "removed_by_cleaning"
        case phase1Records = "phase1_records"
        case phase2Records = "phase2_records"
        case pendingUnits = "pending_units"
        case failedUnits = "failed_units"
        case modelRequests = "model_requests"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case promptFormat = "prompt_format"
    }

    public init() {}
}

extension InverseInstructSummary {
    /// The summary a person reads at the end of `run`.
    public var text: Summary {
        let s = self
        var text = Summary(title: "inverse-instruct run: \(s.selected) of \(s.snippets) snippets got a new instruction")
        text.add("input records", s.records)
        text.add("snippets", s.snippets)
        text.add("candidates", s.candidates)
        for (reason, count) in s.candidatesRejected.sorted(by: { $0.key < $1.key }) { text.add("  rejected: \(reason)", count) }
        text.add("scored", s.scored)
        for (reason, count) in s.unscored.sorted(by: { $0.key < $1.key }) { text.add("  unscored: \(reason)", count) }
        text.add("selected", s.selected)
        for (phase, removed) in s.removedByCleaning.sorted(by: { $0.key < $1.key }) where !removed.isEmpty {
            text.add("  cleaned from \(phase)", removed.sorted(by: { $0.key < $1.key }).map { "\($0.value) by \($0.key)" }.joined(separator: ", "))
        }
        for (reason, count) in s.snippetsWithoutSelection.sorted(by: { $0.key < $1.key }) { text.add("  none: \(reason)", count) }
        if s.pendingUnits + s.failedUnits > 0 { text.add("left", "\(s.pendingUnits) pending, \(s.failedUnits) failed (re-run to retry)") }
        text.add("model", "\(s.model.isEmpty ? "-" : s.model) (\(s.promptFormat.isEmpty ? "-" : s.promptFormat) format)")
        text.add("model requests", s.modelRequests)
        text.add("tokens", "\(s.promptTokens) prompt, \(s.completionTokens) completion")
        if let cost = s.cost { text.add("cost", String(format: "%.4f", cost)) }
        text.add("time", String(format: "%.1f s", s.seconds))
        for (format, path) in s.outputs.phase1.sorted(by: { $0.key < $1.key }) {
            text.add("phase 1, 1 epoch", "\(s.phase1Records) pairs: \(path) [\(format)]")
        }
        for (format, path) in s.outputs.phase2.sorted(by: { $0.key < $1.key }) {
            text.add("phase 2, 2 epochs", "\(s.phase2Records) pairs: \(path) [\(format)]")
        }
        text.add("manifest", s.outputs.manifest)
        text.add("selection", s.outputs.selection)
        return text
    }
}
