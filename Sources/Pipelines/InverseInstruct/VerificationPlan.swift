import Foundation
import InstructData
import RunStore

/// Which instructions of a snippet the verify stage checks, and which it selects in the end.
/// The best-scored candidate is checked once every candidate of the snippet is scored; while
/// the checked ones are contradicted, the next ones follow in score order, up to
/// `verify_candidates` (and at least `top_k`) in all. Worked out from the run store alone, so
/// the stage that finishes a unit, `prepare` after a killed run and `finish` agree.
struct VerificationPlan: Sendable {
    static let stage = "verify"

    var store: RunStore
    var settings: InverseInstructSettings
    var snippets: [String: Snippet]

    var selection: CandidateSelection { CandidateSelection(topK: settings.topK, minScore: settings.minScore) }
    /// The most candidates a snippet may have checked.
    var limit: Int { max(settings.verifyCandidates, settings.topK) }

    /// `snippet/index/generation/verification`; the original pair's instruction is `snippet/original/verification`.
    func key(snippetID: String, index: Int?) -> String {
        guard let index else { return "\(snippetID)/original/\(settings.verificationFingerprint)" }
        return Candidate.key(snippetID: snippetID, index: index, fingerprint: settings.generationFingerprint)
            + "/" + settings.verificationFingerprint
    }

    /// The snippet's usable candidates, best first, once all of them are scored (or failed for
    /// good); nil while the summary or a score is still to come.
    func ranked(snippetID: String) throws -> [ScoredCandidate]? {
        guard let summary = try store.unit(stage: InverseInstructRun.summarizeStage,
                                           key: "\(snippetID)/\(settings.generationFingerprint)"),
              summary.status == .done, let result = try? summary.decodedResult(SummarizeResult.self) else { return nil }
        var scored: [ScoredCandidate] = []
        for candidate in result.candidates {
            guard let instruction = candidate.instruction else { continue }
            let key = InverseInstructRun.scoreKey(snippetID: snippetID, index: candidate.index, settings: settings)
            guard let unit = try store.unit(stage: InverseInstructRun.scoreStage, key: key) else { return nil }
            switch unit.status {
            case .done:
                let score = try? unit.decodedResult(ScoreResult.self)
                scored.append(ScoredCandidate(snippetID: snippetID, index: candidate.index, instruction: instruction,
                                              score: score?.score.score))
            case .failed where unit.attempts >= 3:
                continue
            default:
                return nil
            }
        }
        return selection.ranked(scored)
    }

    /// The finished verifications of a snippet's candidates, by candidate index.
    func verifications(snippetID: String, ranked: [ScoredCandidate]) throws -> [Int: Verification] {
        var found: [Int: Verification] = [:]
        for candidate in ranked.prefix(limit) {
            if let verification = try finished(key(snippetID: snippetID, index: candidate.index)) {
                found[candidate.index] = verification
            }
        }
        return found
    }

    /// The verification of the snippet's original instruction, when it was checked.
    func originalVerification(snippetID: String) throws -> Verification? {
        try finished(key(snippetID: snippetID, index: nil))
    }

    private func finished(_ key: String) throws -> Verification? {
        guard let unit = try store.unit(stage: Self.stage, key: key), unit.status == .done else { return nil }
        return try? unit.decodedResult(Verification.self)
    }

    /// The verify units the snippet needs now that are not in the store yet.
    func units(snippetID: String) throws -> [(key: String, payload: VerifyPayload)] {
        guard settings.verify, let ranked = try ranked(snippetID: snippetID) else { return [] }
        var units: [(key: String, payload: VerifyPayload)] = []
        var accepted = 0
        var inFlight = 0
        var carried: String?
        var firstFinished = ranked.isEmpty
        for (rank, candidate) in ranked.prefix(limit).enumerated() {
            if accepted + inFlight >= settings.topK { break }
            let key = key(snippetID: snippetID, index: candidate.index)
            let unit = try store.unit(stage: Self.stage, key: key)
            if let unit, unit.status == .done, let verification = try? unit.decodedResult(Verification.self) {
                carried = carried ?? verification.modelTests
                if verification.verdict != .contradicted { accepted += 1 }
                if rank == 0 { firstFinished = true }
                continue
            }
            if let unit, unit.status == .failed, unit.attempts >= 3 {
                if rank == 0 { firstFinished = true }
                continue
            }
            if unit == nil {
                units.append((key: key, payload: VerifyPayload(snippetID: snippetID, index: candidate.index,
                                                               instruction: candidate.instruction, modelTests: carried)))
            }
            inFlight += 1
        }
        // The original instruction waits for the first candidate's test inputs, unless its pair has its own.
        if settings.verifyOriginal, let snippet = snippets[snippetID], !snippet.instruction.isEmpty,
           firstFinished || VerifyWorker.originalTests(of: snippet) != nil {
            let key = key(snippetID: snippetID, index: nil)
            if try store.unit(stage: Self.stage, key: key) == nil {
                units.append((key: key, payload: VerifyPayload(snippetID: snippetID, index: nil,
                                                               instruction: snippet.instruction, modelTests: carried)))
            }
        }
        return units
    }

    /// Enqueues what the snippets need now; returns how many units were new.
    @discardableResult
    func enqueue(snippetIDs: some Sequence<String>) throws -> Int {
        var units: [(key: String, payload: VerifyPayload)] = []
        for snippetID in snippetIDs { units += try self.units(snippetID: snippetID) }
        return try store.enqueue(stage: Self.stage, encoding: units)
    }

    /// The selected candidates of a verified run: the best `top_k` of those checked that were
    /// not contradicted, topped up in score order when too few were.
    func choose(from ranked: [ScoredCandidate], verifications: [Int: Verification]) -> [ScoredCandidate] {
        var chosen = Array(ranked.prefix(limit).filter {
            verifications[$0.index].map { $0.verdict != .contradicted } ?? false
        }.prefix(settings.topK))
        for candidate in ranked where chosen.count < settings.topK && !chosen.contains(candidate) {
            chosen.append(candidate)
        }
        return chosen
    }

    /// Whether `keep` lets a pair with this verification into phase 1.
    func keeps(_ verification: Verification?) -> Bool {
        switch settings.keep {
        case "verified": verification?.verdict == .verified
        case "checkable": verification?.verdict != .contradicted
        default: true
        }
    }
}
