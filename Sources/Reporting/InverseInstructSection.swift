import Foundation
import InstructData
import Pipelines
import RunStore

/// What the page shows of one Inverse-Instruct run directory, gathered from its run store
/// (candidates, scores, timings) and its `selection.jsonl` (what was kept).
public struct InverseInstructSection: Sendable, Hashable, Codable {
    /// A group of candidates (one language, one opener) in figures.
    public struct Group: Sendable, Hashable, Codable {
        public var name: String
        public var snippets = 0
        public var candidates = 0
        public var selected = 0
        public var meanScore: Double?
        public var meanSelectedScore: Double?
    }

    /// A selected instruction with its code, in full.
    public struct Pair: Sendable, Hashable, Codable {
        public var snippetID: String
        public var language: String
        public var opener: String
        public var score: Double
        public var instruction: String
        public var code: String
    }

    public var runDirectory: String
    public var model: String
    public var promptFormat: String
    public var candidatesPerSnippetSetting: Int?
    /// False while the run has not written its selection yet.
    public var finished: Bool
    public var snippets = 0
    public var candidates = 0
    public var usableCandidates = 0
    public var scoredCandidates = 0
    public var selectedPairs = 0
    /// Reason (short form) → snippets with no selected instruction.
    public var snippetsWithoutSelection: [String: Int] = [:]
    /// Reason → candidates that gave no usable instruction.
    public var candidateRejections: [String: Int] = [:]
    /// Reason → usable candidates without an LM-score.
    public var unscored: [String: Int] = [:]
    public var scoreAll = Histogram(lower: 0, upper: 1, bins: 20)
    public var scoreSelected = Histogram(lower: 0, upper: 1, bins: 20)
    /// Index n: snippets with n usable candidates.
    public var usableCandidatesPerSnippet: [Int] = []
    public var languages: [Group] = []
    public var openers: [Group] = []
    public var instructionWordsAll = Histogram(lower: 0, upper: 1, bins: 1)
    public var instructionWordsSelected = Histogram(lower: 0, upper: 1, bins: 1)
    /// Verify stage (`--verify`): verdict → selected pairs, and → original instructions.
    public var verdicts: [String: Int] = [:]
    public var originalVerdicts: [String: Int] = [:]
    public var best: [Pair] = []
    public var worst: [Pair] = []
    public var usage = RunUsage()
    public var timeline: RunTimeline?

    public static func isInverseInstructRun(_ store: RunStore) throws -> Bool {
        try store.stages().contains(InverseInstructRun.summarizeStage)
    }

    /// Reads the run directory. Prices override those in the run's settings.
    public static func load(directory: URL, store: RunStore, pricePerMillionPrompt: Double? = nil,
                            pricePerMillionCompletion: Double? = nil) throws -> InverseInstructSection {
        let settings = try store.meta("settings").flatMap {
            try? JSONDecoder().decode(InverseInstructSettings.self, from: Data($0.utf8))
        }
        var section = InverseInstructSection(
            runDirectory: directory.path, model: try store.meta("model") ?? settings?.model ?? "",
            promptFormat: try store.meta("prompt_format") ?? "", candidatesPerSnippetSetting: settings?.candidates,
            finished: false)
        // Units of earlier settings on the same directory are not this run's (the run's own rule).
        let generation = settings?.generationFingerprint ?? ""
        let scoring = settings?.scoringFingerprint ?? ""
        let summaries = try store.units(stage: InverseInstructRun.summarizeStage).filter { $0.key.hasSuffix(generation) }
        let scoreUnits = try store.units(stage: InverseInstructRun.scoreStage).filter { $0.key.hasSuffix(scoring) }

        var snippetsByID: [String: SummarizePayload] = [:]
        var openerGroups: [String: (candidates: Int, scoreSum: Double, scored: Int)] = [:]
        var languageGroups: [String: Group] = [:]
        var perSnippetUsable: [Int] = []
        var instructionWords: [Int] = []
        var openerByCandidate: [String: String] = [:]
        let decoder = JSONDecoder()
        for unit in summaries {
            guard let payload = unit.payload.flatMap({ try? decoder.decode(SummarizePayload.self, from: Data($0.utf8)) })
            else { continue }
            snippetsByID[payload.snippetID] = payload
            languageGroups[payload.language, default: Group(name: payload.language)].snippets += 1
            guard unit.status == .done, let result = try? unit.decodedResult(SummarizeResult.self) else { continue }
            var usable = 0
            for candidate in result.candidates {
                section.candidates += 1
                languageGroups[payload.language, default: Group(name: payload.language)].candidates += 1
                openerGroups[candidate.opener, default: (0, 0, 0)].candidates += 1
                openerByCandidate["\(candidate.snippetID)/\(candidate.index)"] = candidate.opener
                if let instruction = candidate.instruction {
                    usable += 1
                    instructionWords.append(Self.words(instruction))
                } else {
                    section.candidateRejections[ReasonKey.of(candidate.rejection ?? "no instruction"), default: 0] += 1
                }
            }
            section.usableCandidates += usable
            while perSnippetUsable.count <= usable { perSnippetUsable.append(0) }
            perSnippetUsable[usable] += 1
        }
        section.snippets = snippetsByID.count
        section.usableCandidatesPerSnippet = perSnippetUsable
        section.instructionWordsAll = Histogram.wholeNumbers(instructionWords)

        var languageScores: [String: (sum: Double, count: Int)] = [:]
        for unit in scoreUnits {
            guard unit.status == .done, let result = try? unit.decodedResult(ScoreResult.self) else {
                if unit.status == .failed { section.unscored["score failed", default: 0] += 1 }
                continue
            }
            guard let score = result.score.score else {
                section.unscored[ReasonKey.of(result.score.reason ?? "no score"), default: 0] += 1
                continue
            }
            section.scoredCandidates += 1
            section.scoreAll.add(score)
            // Key: snippet/index/generation/scoring.
            let parts = unit.key.split(separator: "/", maxSplits: 2)
            if parts.count >= 2 {
                let snippetID = String(parts[0])
                if let opener = openerByCandidate["\(snippetID)/\(parts[1])"] {
                    openerGroups[opener, default: (0, 0, 0)].scoreSum += score
                    openerGroups[opener, default: (0, 0, 0)].scored += 1
                }
                if let language = snippetsByID[snippetID]?.language {
                    languageScores[language, default: (0, 0)].sum += score
                    languageScores[language, default: (0, 0)].count += 1
                }
            }
        }

        // What the run kept: selection.jsonl, written when the run finishes.
        var selected: [Pair] = []
        var selectedWords: [Int] = []
        var languageSelected: [String: (sum: Double, count: Int)] = [:]
        let selectionPath = directory.appendingPathComponent("selection.jsonl").path
        if FileManager.default.fileExists(atPath: selectionPath) {
            section.finished = true
            for line in try JSONLines.objects(path: selectionPath) {
                guard case .string(let snippetID)? = line["snippet_id"] else { continue }
                let snippet = snippetsByID[snippetID]
                if let verdict = line["original_verification"]?["verdict"]?.stringValue {
                    section.originalVerdicts[verdict, default: 0] += 1
                }
                if case .array(let chosen)? = line["selected"] {
                    for item in chosen {
                        guard case .object(let fields) = item, case .string(let instruction)? = fields["instruction"] else { continue }
                        if settings?.verify == true {
                            section.verdicts[fields["verification"]?["verdict"]?.stringValue ?? "unverified", default: 0] += 1
                        }
                        let score = fields["lm_score"]?.doubleValue ?? 0
                        let index = fields["index"]?.intValue ?? 0
                        let language = snippet?.language ?? ""
                        selected.append(Pair(snippetID: snippetID, language: language,
                                             opener: openerByCandidate["\(snippetID)/\(index)"] ?? "", score: score,
                                             instruction: instruction, code: snippet?.code ?? ""))
                        section.scoreSelected.add(score)
                        selectedWords.append(Self.words(instruction))
                        languageSelected[language, default: (0, 0)].sum += score
                        languageSelected[language, default: (0, 0)].count += 1
                    }
                } else {
                    let reason = line["reason"]?.stringValue ?? "no reason given"
                    section.snippetsWithoutSelection[ReasonKey.of(reason), default: 0] += 1
                }
            }
        }
        section.selectedPairs = selected.count
        section.instructionWordsSelected = Self.rebinned(selectedWords, like: section.instructionWordsAll)

        let ordered = selected.sorted { $0.score != $1.score ? $0.score > $1.score : $0.snippetID < $1.snippetID }
        section.best = Array(ordered.prefix(5))
        section.worst = Array(ordered.suffix(5).reversed())

        section.languages = languageGroups.values.map { group in
            var group = group
            group.selected = languageSelected[group.name]?.count ?? 0
            group.meanScore = languageScores[group.name].map { $0.sum / Double(max($0.count, 1)) }
            group.meanSelectedScore = languageSelected[group.name].map { $0.sum / Double(max($0.count, 1)) }
            return group
        }.sorted { $0.snippets != $1.snippets ? $0.snippets > $1.snippets : $0.name < $1.name }
        section.openers = openerGroups.map { name, figures in
            Group(name: name, candidates: figures.candidates,
                  meanScore: figures.scored > 0 ? figures.scoreSum / Double(figures.scored) : nil)
        }.sorted { $0.candidates != $1.candidates ? $0.candidates > $1.candidates : $0.name < $1.name }

        let verifyUnits = settings?.verify == true
            ? try store.units(stage: InverseInstructRun.verifyStage).filter { $0.key.hasSuffix(settings?.verificationFingerprint ?? "") }
            : []
        let allUnits = summaries + scoreUnits + verifyUnits
        section.timeline = RunTimeline.make(units: allUnits)
        section.usage = RunUsage(units: allUnits, timeline: section.timeline,
                                 pricePerMillionPrompt: pricePerMillionPrompt ?? settings?.pricePerMillionPromptTokens,
                                 pricePerMillionCompletion: pricePerMillionCompletion ?? settings?.pricePerMillionCompletionTokens)
        return section
    }

    static func words(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count
    }

    /// Values binned as `template` is, so two distributions share one axis.
    static func rebinned(_ values: [Int], like template: Histogram) -> Histogram {
        var histogram = Histogram(lower: template.lower, upper: template.upper, bins: template.counts.count)
        for value in values { histogram.add(Double(value)) }
        return histogram
    }
}
