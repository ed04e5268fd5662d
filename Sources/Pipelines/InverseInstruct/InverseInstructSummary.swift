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
    /// The verify stage's figures (all zero without `--verify`).
    public var verification = VerificationCounts()

    /// Verdicts of the selected pairs, and of the original instructions when those were checked.
    public struct VerificationCounts: Sendable, Codable, Hashable {
        public var verified = 0
        public var contradicted = 0
        public var notCheckable = 0
        /// Selected pairs without a verdict yet (pending, or the unit failed).
        public var unverified = 0
        /// Reason → count, for contradicted and not checkable pairs.
        public var reasons: [String: Int] = [:]
        /// Snippets whose selected candidate is not the best-scored one (it was contradicted).
        public var reselected = 0
        /// Selected pairs `keep` left out of phase 1.
        public var droppedByKeep = 0
        /// Verdict → count, for the original pairs' instructions (`verify_original`).
        public var original: [String: Int] = [:]

        public var total: Int { verified + contradicted + notCheckable + unverified }

        mutating func count(_ verification: Verification?) {
            guard let verification else {
                unverified += 1
                return
            }
            switch verification.verdict {
            case .verified: verified += 1
            case .contradicted: contradicted += 1
            case .notCheckable: notCheckable += 1
            }
            if let reason = verification.reason { reasons["\(verification.verdict.rawValue): \(reason)", default: 0] += 1 }
        }

        enum CodingKeys: String, CodingKey {
            case verified, contradicted, unverified, reasons, reselected, original
            case notCheckable = "not_checkable"
            case droppedByKeep = "dropped_by_keep"
        }

        public init() {}
    }

    public struct Outputs: Sendable, Codable, Hashable {
        public var snippets = ""
        public var selection = ""
        public var manifest = ""
        /// format → path
        public var phase1: [String: String] = [:]
        public var phase2: [String: String] = [:]
    }

    enum CodingKeys: String, CodingKey {
        case input, records, snippets, candidates, scored, unscored, selected, cost, seconds, model, outputs, verification
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
        let v = s.verification
        if v.total > 0 {
            text.add("verified", "\(v.verified) verified, \(v.contradicted) contradicted, \(v.notCheckable) not checkable"
                + (v.unverified > 0 ? ", \(v.unverified) without a verdict" : ""))
            for (reason, count) in v.reasons.sorted(by: { $0.key < $1.key }) { text.add("  \(reason)", count) }
            if v.reselected > 0 { text.add("  next candidate taken", v.reselected) }
            if v.droppedByKeep > 0 { text.add("  left out of phase 1 (--keep)", v.droppedByKeep) }
        }
        if !v.original.isEmpty {
            text.add("original instructions", Verification.Verdict.allCases.map { "\(v.original[$0.rawValue] ?? 0) \($0.rawValue)" }
                .joined(separator: ", ").replacingOccurrences(of: "_", with: " "))
        }
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
