import Benchmarks
import Console
import Foundation
import InstructData
import ModelClient
import RunStore
import Sandbox

/// One Inverse-Instruct run over a run directory: extract → summarize → score → select →
/// (verify →) combine. Every model call is a unit in the run store, so re-running resumes where the last
/// run stopped, and a finished run does no model calls at all.
public final class InverseInstructRun {
    public static let summarizeStage = "summarize"
    public static let scoreStage = "score"
    public static let verifyStage = VerificationPlan.stage

    public let settings: InverseInstructSettings
    public let directory: URL
    public let input: String
    public let store: RunStore
    private let lock: RunLock
    public private(set) var snippets: [Snippet] = []
    private(set) var snippetsByID: [String: Snippet] = [:]
    private var extraction = ExtractionSummary()
    private let started = ContinuousClock.now
    /// Model requests made by this process (not by earlier runs on the same directory).
    public private(set) var modelRequests = 0

    public var snippetsPath: String { directory.appendingPathComponent("snippets.jsonl").path }
    public var selectionPath: String { directory.appendingPathComponent("selection.jsonl").path }
    public var trainingDirectory: URL { directory.appendingPathComponent("train") }

    /// Takes the run directory's lock (one process per run) and opens its store. Units left
    /// running by a killed process are put back to pending.
    public init(settings: InverseInstructSettings, directory: URL) throws {
        try settings.validate()
        guard let input = settings.input else { throw ToolError(.invalidSettings, "no input dataset given (--input or `input:` in the config)") }
        self.settings = settings
        self.directory = directory
        self.input = input
        let opened = try OpenRunDirectory(directory, settings: settings, settingsKey: "settings")
        lock = opened.lock
        store = opened.store
    }

    // MARK: - Preparation (no model needed)

    /// Extracts snippets (or reuses those of an earlier run on the same input and options) and
    /// enqueues the work that can be known now. Returns how many units still need a model.
    @discardableResult
    public func prepare(progress: (String, Int?) -> ProgressReporter) throws -> Int {
        try extractSnippets(progress: progress)
        try enqueueSummaries()
        try enqueueScoresForFinishedSummaries()
        if settings.verify {
            // A run killed during scoring or verifying (or first run without --verify) takes up here.
            try store.discardUnfinished(stage: Self.verifyStage, keepingKeysEndingWith: settings.verificationFingerprint)
            try verificationPlan.enqueue(snippetIDs: snippets.map(\.id))
        }
        return try pendingModelWork()
    }

    private func extractSnippets(progress: (String, Int?) -> ProgressReporter) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: input)
        let fingerprint = ContentHash.id(parts: [
            "extract-v2", URL(fileURLWithPath: input).standardizedFileURL.path, "\(attributes?[.size] ?? 0)",
            "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)", settings.fields,
            String(settings.allBlocks), (settings.languages ?? []).joined(separator: ","), String(settings.minLines),
            String(settings.maxLines ?? 0), String(settings.skipInvalid),
        ])
        if try store.meta("extraction_fingerprint") == fingerprint,
           FileManager.default.fileExists(atPath: snippetsPath),
           let saved = try store.meta("extraction_summary"),
           let summary = try? JSONDecoder().decode(ExtractionSummary.self, from: Data(saved.utf8))
        {
            extraction = summary
        } else {
            var job = ExtractionJob(input: input, output: snippetsPath)
            job.mapping = FieldMapping(argument: settings.fields) ?? .auto
            job.skipInvalid = settings.skipInvalid
            job.rejectsPath = directory.appendingPathComponent("rejects.jsonl").path
            job.options.allBlocks = settings.allBlocks
            job.options.languages = settings.languages.map { Set($0.map(LanguageTag.normalize)) }
            job.options.minLines = settings.minLines
            job.options.maxLines = settings.maxLines
            let reporter = progress("extract", nil)
            extraction = try job.run { done, total in
                reporter.setTotal(total)
                reporter.advance(by: done - reporter.completed)
            }
            reporter.finish()
            try store.setMeta("extraction_summary", String(decoding: try JSONEncoder.sorted.encode(extraction), as: UTF8.self))
            try store.setMeta("extraction_fingerprint", fingerprint)
        }
        snippets = []
        for item in try DatasetReader(path: snippetsPath).items() {
            guard case .record(let record) = item else { continue }
            snippets.append(try Snippet(json: .object(record.fields), location: record.location))
        }
        snippetsByID = Dictionary(snippets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func summarizeKey(_ snippet: Snippet) -> String { "\(snippet.id)/\(settings.generationFingerprint)" }

    func payload(for snippet: Snippet) -> SummarizePayload {
        Self.payload(for: snippet, settings: settings)
    }

    static func payload(for snippet: Snippet, settings: InverseInstructSettings) -> SummarizePayload {
        var payload = SummarizePayload(
            snippetID: snippet.id, language: settings.languageTag == "raw" ? snippet.tag : snippet.language,
            code: snippet.code,
            opener: InverseInstructPrompts.opener(for: snippet.id, seed: settings.seed, openers: settings.openers))
        if settings.openerDraw == "candidate" {
            let openers = InverseInstructPrompts.candidateOpeners(for: snippet.id, seed: settings.seed,
                                                                  openers: settings.openers, count: settings.candidates)
            payload.opener = openers.first ?? payload.opener
            payload.openers = openers
        }
        return payload
    }

    private func enqueueSummaries() throws {
        // Unfinished work of earlier settings on this run directory is not this run's work.
        try store.discardUnfinished(stage: Self.summarizeStage, keepingKeysEndingWith: settings.generationFingerprint)
        try store.discardUnfinished(stage: Self.scoreStage, keepingKeysEndingWith: settings.scoringFingerprint)
        let units = snippets.map { (key: summarizeKey($0), payload: payload(for: $0)) }
        try store.enqueue(stage: Self.summarizeStage, encoding: units)
    }

    /// Score units for every usable candidate of every finished summary.
    func enqueueScoresForFinishedSummaries() throws {
        var units: [(key: String, payload: ScorePayload)] = []
        for unit in try store.units(stage: Self.summarizeStage, status: .done) {
            guard unit.key.hasSuffix(settings.generationFingerprint),
                  let result = try? unit.decodedResult(SummarizeResult.self) else { continue }
            units += Self.scoreUnits(for: result, settings: settings)
        }
        try store.enqueue(stage: Self.scoreStage, encoding: units)
    }

    /// One score unit per usable candidate of a summary.
    static func scoreUnits(for result: SummarizeResult, settings: InverseInstructSettings) -> [(key: String, payload: ScorePayload)] {
        result.candidates.compactMap { candidate in
            guard let instruction = candidate.instruction else { return nil }
            return (key: scoreKey(snippetID: candidate.snippetID, index: candidate.index, settings: settings),
                    payload: ScorePayload(snippetID: candidate.snippetID, index: candidate.index, instruction: instruction))
        }
    }

    func scoreKey(snippetID: String, index: Int) -> String {
        Self.scoreKey(snippetID: snippetID, index: index, settings: settings)
    }

    static func scoreKey(snippetID: String, index: Int, settings: InverseInstructSettings) -> String {
        Candidate.key(snippetID: snippetID, index: index, fingerprint: settings.generationFingerprint)
            + "/" + settings.scoringFingerprint
    }

    /// Units of this run's settings that still need a model (pending, running or retryable).
    /// What the model server must offer: raw completions are optional (chat works), the top 5
    /// logprobs are not (the self-evaluation reads them).
    public static let modelRequirements = ServerCapabilities.Requirements(completions: false, topLogprobs: 5)

    /// The pending model work on the selected model: the local engine started (and stopped)
    /// around it when the selection names no server.
    public func execute(_ selection: ModelSelection, log: @escaping @Sendable (String) -> Void,
                        progress: (String, Int?) -> ProgressReporter) async throws {
        if selection.usesLocalEngine { log("starting the local engine (\(settings.model ?? ModelRegistry.defaultModelName))") }
        guard settings.verify else {
            try await withLanguageModel(selection, progress: log) { pool in
                try await execute(model: pool, capabilities: pool.capabilities, progress: progress)
            }
            return
        }
        // Verify runs code: the sandbox first, so a missing bubblewrap stops the run before any model work.
        try await withSandboxPool(SandboxConfiguration(timeout: settings.verifyTimeout)) { sandbox in
            let tools = VerifyTools(analyzer: try CodeAnalyzer(), execution: CodeExecution(pool: sandbox, timeout: settings.verifyTimeout),
                                    sanitizer: try SampleSanitizer())
            try await sandbox.warmUp()
            try await withLanguageModel(selection, progress: log) { pool in
                try await execute(model: pool, capabilities: pool.capabilities, verifyTools: tools, progress: progress)
            }
        }
    }

    var verificationPlan: VerificationPlan {
        VerificationPlan(store: store, settings: settings, snippets: snippetsByID)
    }

    /// The stages this run's settings use.
    var modelStages: [String] {
        settings.verify ? [Self.summarizeStage, Self.scoreStage, Self.verifyStage] : [Self.summarizeStage, Self.scoreStage]
    }

    public func pendingModelWork() throws -> Int {
        var pending = 0
        for stage in modelStages {
            let counts = try store.counts(stage: stage)
            pending += counts.pending + counts.running
            pending += try store.units(stage: stage, status: .failed).filter { $0.attempts < 3 }.count
        }
        // Summaries not yet done mean score work that is not even enqueued yet.
        return pending
    }

    // MARK: - Model work

    /// Runs summarize, then score, then verify (with `verify` on), against the model; each stage
    /// starts on a snippet as soon as the one before has finished it.
    public func execute(model baseModel: any LanguageModel, capabilities: ServerCapabilities?, verifyTools: VerifyTools? = nil,
                        progress: (String, Int?) -> ProgressReporter) async throws {
        if settings.verify, verifyTools == nil {
            throw ToolError(.invalidSettings, "verify needs the code analyzer and the sandbox")
        }
        let model = CountingModel(baseModel)
        defer { modelRequests += model.requests }
        let modelName = capabilities?.model ?? settings.model ?? ""
        let mode = try PromptMode.resolve(settings.promptFormat, modelName: modelName,
                                          supportsCompletions: capabilities?.supportsCompletions ?? true)
        try store.setMeta("prompt_format", mode.description)
        try store.setMeta("model", modelName)
        if let capabilities {
            do {
                try capabilities.check(.init(completions: mode != .chat, topLogprobs: 5, multipleChoices: false),
                                       endpoint: capabilities.model)
            } catch {
                throw ToolError(.unsupportedServer, "the model server cannot do what Inverse-Instruct needs: \(error)")
            }
        }

        let summarizer = SummarizeWorker(model: model, mode: mode, settings: settings,
                                         choicesPerRequest: capabilities?.choicesPerRequest ?? settings.candidates)
        let scorer = ScoreWorker(model: model, mode: mode, settings: settings,
                                 topLogprobs: settings.scoreLogprobs(serverLimit: capabilities?.topLogprobsLimit))
        // What each stage sends, as this server kind spells it, kept with the run.
        let chat = mode == .chat
        let example = SummarizePayload(snippetID: "", language: "", code: "", opener: "")
        try store.setMeta("sampling_summarize", SamplingWire.record(
            summarizer.sampling(for: example, n: 1, index: 0), kind: capabilities?.kind, chat: chat,
            contextPerSlot: capabilities?.contextPerSlot))
        try store.setMeta("sampling_score", SamplingWire.record(scorer.sampling, kind: capabilities?.kind, chat: chat,
                                                                contextPerSlot: capabilities?.contextPerSlot))
        let snippetsByID = self.snippetsByID
        let plan = verificationPlan
        let verifier = verifyTools.map { VerifyWorker(model: model, mode: mode, tools: $0) }
        let payloads = Dictionary(snippets.map { ($0.id, payload(for: $0)) }, uniquingKeysWith: { a, _ in a })
        let store = self.store
        let settings = self.settings

        // One progress line over both stages: requests done of the summaries plus the score
        // requests known so far and K for each summary still to come; a summary with fewer
        // usable candidates (or none) lowers the estimate when it lands.
        let summarizeCounts = try store.counts(stage: Self.summarizeStage)
        let scoreCounts = try store.counts(stage: Self.scoreStage)
        let summariesToCome = summarizeCounts.total - summarizeCounts.done - summarizeCounts.failed
        let reporter = progress("summarize+score",
                                summarizeCounts.total + scoreCounts.total + settings.candidates * summariesToCome)
        reporter.advance(by: summarizeCounts.done + summarizeCounts.failed + scoreCounts.done + scoreCounts.failed)

        let feed = StageFeed()
        let verifyFeed = StageFeed()
        let verifyCounts = try store.counts(stage: Self.verifyStage)
        let verifyReporter = verifier == nil ? nil : progress("verify", verifyCounts.total)
        verifyReporter?.advance(by: verifyCounts.done + verifyCounts.failed)
        let verifyRunner = StageRunner(store: store, stage: Self.verifyStage, concurrency: settings.concurrency)
        // A snippet's first verify unit is enqueued once its last candidate is scored (or when
        // it has none); a contradicted candidate enqueues the next one.
        let enqueueVerification: @Sendable (String) throws -> Void = { snippetID in
            guard settings.verify else { return }
            let added = try plan.enqueue(snippetIDs: [snippetID])
            if added > 0 {
                verifyReporter?.adjustTotal(by: added)
                verifyFeed.signal()
            }
        }
        let summarizeRunner = StageRunner(store: store, stage: Self.summarizeStage, concurrency: settings.concurrency)
        let scoreRunner = StageRunner(store: store, stage: Self.scoreStage, concurrency: settings.concurrency)
        // Score units are enqueued right after their summary is recorded; a crash in between
        // is repaired by `prepare`.
        let summarize: @Sendable () async throws -> Void = {
            defer { feed.finish() }
            try await summarizeRunner.run(progress: reporter, afterCompletion: { unit, outcome in
                var usable = 0
                if case .done(let text, _, _) = outcome,
                   let result = try? JSONDecoder().decode(SummarizeResult.self, from: Data(text.utf8)) {
                    let units = Self.scoreUnits(for: result, settings: settings)
                    try store.enqueue(stage: Self.scoreStage, encoding: units)
                    usable = units.count
                    feed.signal()
                    if units.isEmpty { try enqueueVerification(String(unit.key.prefix { $0 != "/" })) }
                }
                reporter.adjustTotal(by: usable - settings.candidates)
            }) { unit in try await summarizer.run(unit) }
        }
        let score: @Sendable () async throws -> Void = {
            defer { verifyFeed.finish() }
            try await scoreRunner.run(progress: reporter, feed: feed, afterCompletion: { unit, _ in
                if let payload = try? unit.decodedPayload(ScorePayload.self) { try enqueueVerification(payload.snippetID) }
            }) { unit in
                let payload = try unit.decodedPayload(ScorePayload.self)
                guard let snippet = payloads[payload.snippetID]
                    ?? snippetsByID[payload.snippetID].map({ Self.payload(for: $0, settings: settings) }) else {
                    return .failed(reason: "snippet \(payload.snippetID) is not in this run's snippets",
                                   tokens: TokenCounts(), endpoint: nil)
                }
                return try await scorer.run(payload, snippet: snippet)
            }
        }
        let verify: @Sendable (StageFeed?) async throws -> Void = { feed in
            guard let verifier else { return }
            try await verifyRunner.run(progress: verifyReporter, feed: feed, afterCompletion: { unit, _ in
                if let payload = try? unit.decodedPayload(VerifyPayload.self) { try enqueueVerification(payload.snippetID) }
            }) { unit in
                let payload = try unit.decodedPayload(VerifyPayload.self)
                guard let snippet = snippetsByID[payload.snippetID] else {
                    return .failed(reason: "snippet \(payload.snippetID) is not in this run's snippets",
                                   tokens: TokenCounts(), endpoint: nil)
                }
                return try await verifier.run(payload, snippet: snippet)
            }
        }
        if Self.overlapsStages(server: capabilities?.kind, choicesPerRequest: summarizer.requests.map(\.n).max() ?? 1) {
            // A snippet's candidates are scored as soon as its summary is in the store, so the
            // server never idles at the stage boundary.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await summarize() }
                group.addTask { try await score() }
                group.addTask { try await verify(verifyFeed) }
                try await group.waitForAll()
            }
        } else {
            try await summarize()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await score() }
                group.addTask { try await verify(verifyFeed) }
                try await group.waitForAll()
            }
        }
        // A score or verify unit that failed for good enqueued nothing after it: one more pass
        // verifies what its snippet still needs.
        if verifier != nil {
            let added = try plan.enqueue(snippetIDs: snippets.map(\.id))
            if added > 0 {
                verifyReporter?.adjustTotal(by: added)
                try await verify(nil)
            }
        }
        reporter.finish()
        verifyReporter?.finish()
    }

    /// Whether score runs alongside summarize. Not on llama.cpp when summaries ask for several
    /// choices at once: it starts such a request only when that many slots are idle at the same
    /// moment, and the single-slot score requests keep overtaking it. Measured on the bundled
    /// engine (50 snippets, K = 4, 4 slots, the same token counts): both stages at once 367 s,
    /// one after the other 330 s, a plain saturating load of the same requests 326 s.
    static func overlapsStages(server: ServerKind?, choicesPerRequest: Int) -> Bool {
        !(server == .llamaCpp && choicesPerRequest > 1)
    }

    // MARK: - Selection and export (no model needed)

    /// Selects the best instruction per snippet, writes the selection record and the training
    /// files, and returns the run's figures.
    public func finish() async throws -> InverseInstructSummary {
        var summary = InverseInstructSummary()
        summary.input = input
        summary.runDirectory = directory.path
        summary.records = extraction.read
        summary.invalidLines = extraction.invalidLines
        summary.snippets = snippets.count
        summary.promptFormat = try store.meta("prompt_format") ?? ""
        summary.model = try store.meta("model") ?? ""

        // Candidates per snippet, from finished summaries of this run's settings.
        var candidatesBySnippet: [String: [Candidate]] = [:]
        var summaryFailures: [String: String] = [:]
        for unit in try store.units(stage: Self.summarizeStage) where unit.key.hasSuffix(settings.generationFingerprint) {
            let snippetID = String(unit.key.prefix { $0 != "/" })
            switch unit.status {
            case .done:
                guard let result = try? unit.decodedResult(SummarizeResult.self) else { continue }
                candidatesBySnippet[snippetID] = result.candidates
                summary.candidates += result.candidates.count
                for candidate in result.candidates {
                    if let rejection = candidate.rejection, candidate.instruction == nil {
                        summary.candidatesRejected[Self.reasonKey(rejection), default: 0] += 1
                    }
                }
            case .failed:
                summaryFailures[snippetID] = unit.error ?? "summarize failed"
                summary.failedUnits += 1
            case .pending, .running:
                summary.pendingUnits += 1
            }
        }
        // Scores per candidate.
        var scores: [String: ScoreResult] = [:]
        var scoreFailures: [String: String] = [:]
        for unit in try store.units(stage: Self.scoreStage) where unit.key.hasSuffix(settings.scoringFingerprint) {
            switch unit.status {
            case .done:
                if let result = try? unit.decodedResult(ScoreResult.self) { scores[unit.key] = result }
            case .failed:
                scoreFailures[unit.key] = unit.error ?? "score failed"
                summary.failedUnits += 1
            case .pending, .running:
                summary.pendingUnits += 1
            }
        }

        let selection = CandidateSelection(topK: settings.topK, minScore: settings.minScore)
        let plan = verificationPlan
        let selectionWriter = try JSONRecordWriter(path: selectionPath, layout: .lines)
        var generated: [GeneratedPair] = []
        for snippet in snippets {
            var record: [String: JSONValue] = ["snippet_id": .string(snippet.id)]
            let outcome: CandidateSelection.Outcome
            if let failure = summaryFailures[snippet.id] {
                outcome = .none("summarize failed: \(failure)")
            } else if let candidates = candidatesBySnippet[snippet.id] {
                var scored: [ScoredCandidate] = []
                for candidate in candidates {
                    guard let instruction = candidate.instruction else { continue }
                    let key = scoreKey(snippetID: snippet.id, index: candidate.index)
                    if let result = scores[key] {
                        summary.scored += result.score.score == nil ? 0 : 1
                        if let reason = result.score.reason { summary.unscored[Self.reasonKey(reason), default: 0] += 1 }
                        scored.append(ScoredCandidate(snippetID: snippet.id, index: candidate.index, instruction: instruction,
                                                      score: result.score.score, reason: result.score.reason))
                    } else {
                        let reason = scoreFailures[key].map { "score failed: \($0)" } ?? "not scored yet"
                        summary.unscored[Self.reasonKey(reason), default: 0] += 1
                        scored.append(ScoredCandidate(snippetID: snippet.id, index: candidate.index, instruction: instruction,
                                                      score: nil, reason: reason))
                    }
                }
                outcome = candidates.isEmpty || scored.isEmpty
                    ? .none("no usable candidate: " + (candidates.compactMap(\.rejection).first ?? "none generated"))
                    : selection.select(scored)
            } else {
                outcome = .none("not summarized yet")
            }
            if settings.verify, settings.verifyOriginal, let original = try plan.originalVerification(snippetID: snippet.id) {
                record["original_verification"] = original.json
                summary.verification.original[original.verdict.rawValue, default: 0] += 1
            }
            switch outcome {
            case .selected(var chosen):
                var verifications: [Int: Verification] = [:]
                if settings.verify, let ranked = try plan.ranked(snippetID: snippet.id) {
                    verifications = try plan.verifications(snippetID: snippet.id, ranked: ranked)
                    chosen = plan.choose(from: ranked, verifications: verifications)
                    // The candidates checked and passed over, with their verdicts.
                    let passedOver = ranked.prefix(plan.limit).filter { candidate in
                        verifications[candidate.index] != nil && !chosen.contains(candidate)
                    }
                    if !passedOver.isEmpty {
                        record["passed_over"] = .array(passedOver.map {
                            ["index": .int($0.index), "lm_score": .double($0.score ?? 0),
                             "verdict": .string(verifications[$0.index]?.verdict.rawValue ?? "")]
                        })
                    }
                    if chosen.first?.index != ranked.first?.index { summary.verification.reselected += 1 }
                }
                record["selected"] = .array(chosen.map {
                    var item: [String: JSONValue] = ["index": .int($0.index), "instruction": .string($0.instruction),
                                                     "lm_score": .double($0.score ?? 0)]
                    if let verification = verifications[$0.index] { item["verification"] = verification.json }
                    return .object(item)
                })
                for candidate in chosen {
                    let verification = verifications[candidate.index]
                    if settings.verify { summary.verification.count(verification) }
                    guard plan.keeps(verification) else {
                        summary.verification.droppedByKeep += 1
                        continue
                    }
                    generated.append(GeneratedPair(instruction: candidate.instruction, snippet: snippet,
                                                   score: candidate.score ?? 0, candidateIndex: candidate.index,
                                                   verification: verification))
                }
                summary.selected += 1
            case .none(let reason):
                record["reason"] = .string(reason)
                summary.snippetsWithoutSelection[Self.reasonKey(reason), default: 0] += 1
            }
            try selectionWriter.write(.object(record))
        }
        try selectionWriter.commit()
        if settings.phase1Order == "ascending-score" {
            // The reference writes its selected pairs lowest score first; ties keep input order.
            generated = generated.enumerated().sorted { a, b in
                a.element.score != b.element.score ? a.element.score < b.element.score : a.offset < b.offset
            }.map(\.element)
        }

        let export = TrainingExport(directory: trainingDirectory,
                                    formats: settings.formats.compactMap(TrainingFormat.init(rawValue:)),
                                    responseStyle: settings.responseStyle, languageTag: settings.languageTag)
        let originals = PairSource(path: input, mapping: FieldMapping(argument: settings.fields) ?? .auto,
                                   skipInvalid: true, rejectsPath: nil)
        _ = try export.writeCanonical(generated: generated, originals: originals)
        let cleaning = try CorpusCleaning.make(settings: settings)
        if cleaning.isActive {
            for phase in [1, 2] {
                let removed = try await cleaning.clean(export.canonicalPath(phase: phase))
                summary.removedByCleaning[phase == 1 ? "phase1" : "phase2"] = removed
            }
        }
        let manifest = try export.finish()
        summary.outputs.snippets = snippetsPath
        summary.outputs.selection = selectionPath
        summary.outputs.manifest = trainingDirectory.appendingPathComponent("manifest.json").path
        summary.outputs.phase1 = manifest.phases[0].files
        summary.outputs.phase2 = manifest.phases[1].files
        summary.phase1Records = manifest.phases[0].records
        summary.phase2Records = manifest.phases[1].records

        if settings.verify {
            for unit in try store.units(stage: Self.verifyStage) where unit.key.hasSuffix(settings.verificationFingerprint) {
                switch unit.status {
                case .done: break
                case .failed: summary.failedUnits += 1
                case .pending, .running: summary.pendingUnits += 1
                }
            }
        }
        for stage in modelStages {
            let counts = try store.counts(stage: stage)
            summary.promptTokens += counts.usage.promptTokens
            summary.completionTokens += counts.usage.completionTokens
        }
        summary.modelRequests = modelRequests
        if settings.pricePerMillionPromptTokens != nil || settings.pricePerMillionCompletionTokens != nil {
            summary.cost = Double(summary.promptTokens) / 1e6 * (settings.pricePerMillionPromptTokens ?? 0)
                + Double(summary.completionTokens) / 1e6 * (settings.pricePerMillionCompletionTokens ?? 0)
        }
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }

    /// A short, countable form of a reason (the text before any colon).
    static func reasonKey(_ reason: String) -> String {
        String(reason.prefix { $0 != ":" && $0 != "(" }).trimmingWhitespace()
    }
}
