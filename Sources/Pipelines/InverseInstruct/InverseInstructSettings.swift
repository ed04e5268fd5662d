import Foundation
import InstructData
import ModelClient
import Yams

/// Every option of an Inverse-Instruct run. Values come from, in rising precedence: the
/// defaults here, a preset (`paper`), a YAML config file, and command-line flags.
public struct InverseInstructSettings: Sendable, Hashable, Codable {
    // Input and extraction
    public var input: String?
    public var runDirectory: String?
    public var fields = "auto"
    public var skipInvalid = false
    public var allBlocks = false
    public var languages: [String]?
    public var minLines = 1
    public var maxLines: Int?

    // Summarize
    /// Instruction candidates per snippet (paper: 10).
    public var candidates = 10
    public var temperature = 0.8
    // Every parameter that shapes the distribution is sent explicitly, so every server kind
    // samples like the reference's vLLM (llama.cpp's own defaults cut with top-k 40, top-p
    // 0.95, min-p 0.05 and penalize only the last 64 tokens).
    public var topP = 1.0
    /// Top-k cut for instruction sampling; 0: off. (`top_k` is the candidates kept per snippet.)
    public var samplingTopK = 0
    public var minP = 0.0
    public var repetitionPenalty = 1.1
    /// Tokens the repetition penalty looks at: `all` (prompt and output, as vLLM) or a count.
    public var repetitionPenaltyRange = "all"
    public var maxTokens = 2048
    public var openers = InverseInstructPrompts.paperOpeners
    public var seed = 42
    /// Trade the engine's prompt cache for repeatable sampling (llama.cpp): the same seeds give
    /// the same instructions however the work was interrupted and resumed.
    public var reproducible = false

    // Method choices where the tool departs from the reference implementation. The defaults
    // are the tool's; `--preset paper` sets each to the reference's, and any single one can
    // be switched back over it.
    /// `snippet`: one opener for all K candidates of a snippet; `candidate` (reference): each
    /// candidate draws its own, and candidates that drew the same opener share one request.
    public var openerDraw = "snippet"
    /// `normalized` (`cpp`, untagged Python shown as `python`) or `raw` (reference): the fence
    /// tag as the response wrote it, in the prompts' fences and the opener.
    public var languageTag = "normalized"
    /// Cut candidates at fences and prompt markers, drop chatter, reject short or repetitive
    /// text; off (reference): whitespace stripped only.
    public var cleanCandidates = true
    /// `merged` (variants summed, top logprobs as many as the server gives, no score when
    /// neither word appears) or `reference` (top 5, one token each, `As` as a fallback for No,
    /// −100 for a missing word, so neither word scores 0.5).
    public var scoreReading = "merged"
    /// Order of the phase-1 (self-generated) pairs: `input` or `ascending-score` (reference).
    public var phase1Order = "input"

    // Score and select
    /// How many top logprobs to read at the first position; nil: as many as the server allows.
    public var scoreTopLogprobs: Int?
    public var minScore: Double?
    /// Candidates kept per snippet (paper: 1; more made the model worse).
    public var topK = 1

    // Verify (not in the paper): a round trip through the model and the sandbox.
    /// Check each selected instruction: code the model writes from it alone must behave like
    /// the snippet on the same inputs.
    public var verify = false
    /// Which phase-1 pairs to write once verified: `all`, `checkable` (all but contradicted
    /// ones) or `verified` (only verified ones).
    public var keep = "all"
    /// Candidates tried per snippet, in score order, while the better ones are contradicted.
    public var verifyCandidates = 1
    /// Also verify each snippet's original instruction (the ceiling the check can reach).
    public var verifyOriginal = false
    /// Sandbox wall-clock limit per job, in seconds.
    public var verifyTimeout = 3.0

    // Model
    /// `auto`, `chat`, or a template name (magicoder, chatml, llama3, deepseek-coder, alpaca).
    public var promptFormat = "auto"
    public var endpoints: [String] = []
    /// Model name sent to the endpoints, or the registry model for the embedded engine.
    public var model: String?
    public var apiKeyEnv: String?
    /// Requests in flight per endpoint.
    public var concurrency = 8
    public var engineParallel = 4
    public var pricePerMillionPromptTokens: Double?
    public var pricePerMillionCompletionTokens: Double?

    // Data quality of the final corpus
    /// Benchmarks to decontaminate both phases against: humaneval, mbpp, or problem files.
    public var decontaminate: [String] = []
    public var humaneval: String?
    public var mbpp: String?
    /// Remove near-duplicates (MinHash, Jaccard 0.7) within each phase.
    public var dedup = false

    // Output
    /// Training-file formats: instruction-response, messages, alpaca.
    public var formats = ["instruction-response"]
    /// How the snippet is written as the response: `fenced` (a code block) or `raw`.
    public var responseStyle = "fenced"

    /// `inverse-instruct` (the only value here; `semi-instruct` configs are read by
    /// `SemiInstructSettings.fromRunConfig`).
    public var method = "inverse-instruct"

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method
        case input, fields, languages, candidates, temperature, openers, seed, endpoints, model, concurrency, formats
        case reproducible, decontaminate, humaneval, mbpp, dedup, verify, keep
        case verifyCandidates = "verify_candidates"
        case verifyOriginal = "verify_original"
        case verifyTimeout = "verify_timeout"
        case runDirectory = "run_dir"
        case skipInvalid = "skip_invalid"
        case allBlocks = "all_blocks"
        case minLines = "min_lines"
        case maxLines = "max_lines"
        case topP = "top_p"
        case samplingTopK = "sampling_top_k"
        case minP = "min_p"
        case repetitionPenalty = "repetition_penalty"
        case repetitionPenaltyRange = "repetition_penalty_range"
        case openerDraw = "opener_draw"
        case languageTag = "language_tag"
        case cleanCandidates = "clean_candidates"
        case scoreReading = "score_reading"
        case phase1Order = "phase1_order"
        case maxTokens = "max_tokens"
        case scoreTopLogprobs = "score_top_logprobs"
        case minScore = "min_score"
        case topK = "top_k"
        case promptFormat = "prompt_format"
        case apiKeyEnv = "api_key_env"
        case engineParallel = "engine_parallel"
        case pricePerMillionPromptTokens = "price_per_million_prompt_tokens"
        case pricePerMillionCompletionTokens = "price_per_million_completion_tokens"
        case responseStyle = "response_style"
    }

    /// The reference implementation (wyt2000/InverseCoder), point by point: K = 10, temperature
    /// 0.8, repetition penalty 1.1 over prompt and output with no top-k/top-p/min-p cut (vLLM's
    /// sampling), at most 2048 new tokens, the paper's openers drawn per candidate, the raw
    /// fence tag, candidates only stripped, its Yes/No reading, top-1 selection, phase 1 in
    /// ascending score order, and no cleaning the reference did not do (its input was already
    /// decontaminated: add `--decontaminate humaneval` and `--dedup` to clean).
    public static var paper: InverseInstructSettings {
        var settings = InverseInstructSettings()
        settings.candidates = 10
        settings.temperature = 0.8
        settings.topP = 1
        settings.samplingTopK = 0
        settings.minP = 0
        settings.repetitionPenalty = 1.1
        settings.repetitionPenaltyRange = "all"
        settings.maxTokens = 2048
        settings.openers = InverseInstructPrompts.paperOpeners
        settings.openerDraw = "candidate"
        settings.languageTag = "raw"
        settings.cleanCandidates = false
        settings.scoreReading = "reference"
        settings.phase1Order = "ascending-score"
        settings.topK = 1
        settings.minScore = nil
        settings.decontaminate = []
        settings.dedup = false
        settings.verify = false
        settings.keep = "all"
        return settings
    }

    public static func preset(named name: String) -> InverseInstructSettings? {
        switch name {
        case "paper": .paper
        default: nil
        }
    }

    /// Reads a YAML config file on top of these settings. Unknown keys are an error, so a typo
    /// does not silently leave a default in place.
    public func applying(configFile path: String) throws -> InverseInstructSettings {
        guard let mapping = try ConfigFile.mapping(at: path) else { return self }
        return try ConfigFile.apply(mapping, to: self, known: Set(CodingKeys.allCases.map(\.rawValue)), file: path)
    }

    /// The settings that change what the model is asked, hashed into every unit key, so a run
    /// directory reused with other generation settings does new work instead of mixing results.
    public var generationFingerprint: String {
        // v2: explicit top-k/min-p/penalty range, and the method choices that change the prompt
        // or the candidate text.
        ContentHash.id(parts: [
            "summarize-v2", String(candidates), String(temperature), String(topP), String(samplingTopK), String(minP),
            String(repetitionPenalty), repetitionPenaltyRange, String(maxTokens), openers.joined(separator: "|"),
            String(seed), promptFormat, model ?? "", openerDraw, languageTag, String(cleanCandidates),
        ])
    }

    public var scoringFingerprint: String {
        var parts = ["score-v1", promptFormat, model ?? "", String(scoreTopLogprobs ?? 0)]
        // Appended only when not the default, so scores of earlier default runs stay valid.
        if scoreReading != "merged" { parts.append("reading:" + scoreReading) }
        return ContentHash.id(parts: parts)
    }

    /// What the verify stage asks and how it compares, hashed into its unit keys.
    public var verificationFingerprint: String {
        ContentHash.id(parts: ["verify-v1", promptFormat, model ?? "", String(verifyTimeout)])
    }

    /// `repetition_penalty_range` parsed (validated to parse).
    public var penaltyRange: RepetitionPenaltyRange { RepetitionPenaltyRange(argument: repetitionPenaltyRange) ?? .promptAndOutput }

    /// How many top logprobs the score requests ask for: the reference reads 5.
    public func scoreLogprobs(serverLimit: Int?) -> Int {
        if scoreReading == "reference" { return 5 }
        let wanted = scoreTopLogprobs ?? max(5, serverLimit ?? 5)
        return min(wanted, serverLimit ?? wanted)
    }

    public func validate() throws {
        guard method == "inverse-instruct" else { throw ToolError(.invalidSettings, "method '\(method)' is not inverse-instruct") }
        guard candidates >= 1 else { throw ToolError(.invalidSettings, "candidates must be at least 1") }
        guard topK >= 1 else { throw ToolError(.invalidSettings, "top_k must be at least 1") }
        guard maxTokens >= 1 else { throw ToolError(.invalidSettings, "max_tokens must be at least 1") }
        guard concurrency >= 1 else { throw ToolError(.invalidSettings, "concurrency must be at least 1") }
        guard !openers.isEmpty else { throw ToolError(.invalidSettings, "openers must not be empty") }
        if let minScore, !(0...1).contains(minScore) { throw ToolError(.invalidSettings, "min_score must be between 0 and 1") }
        for format in formats where TrainingFormat(rawValue: format) == nil {
            throw ToolError(.invalidSettings, "unknown format '\(format)'; use instruction-response, messages or alpaca")
        }
        guard (0...1).contains(topP) else { throw ToolError(.invalidSettings, "top_p must be between 0 and 1") }
        guard (0...1).contains(minP) else { throw ToolError(.invalidSettings, "min_p must be between 0 and 1") }
        guard samplingTopK >= 0 else { throw ToolError(.invalidSettings, "sampling_top_k must be 0 (off) or more") }
        guard RepetitionPenaltyRange(argument: repetitionPenaltyRange) != nil else {
            throw ToolError(.invalidSettings, "repetition_penalty_range is `all` or a positive token count")
        }
        guard ["snippet", "candidate"].contains(openerDraw) else { throw ToolError(.invalidSettings, "opener_draw is snippet or candidate") }
        guard ["normalized", "raw"].contains(languageTag) else { throw ToolError(.invalidSettings, "language_tag is normalized or raw") }
        guard ["merged", "reference"].contains(scoreReading) else { throw ToolError(.invalidSettings, "score_reading is merged or reference") }
        guard ["input", "ascending-score"].contains(phase1Order) else {
            throw ToolError(.invalidSettings, "phase1_order is input or ascending-score")
        }
        guard ["all", "checkable", "verified"].contains(keep) else { throw ToolError(.invalidSettings, "keep is all, checkable or verified") }
        if keep != "all", !verify { throw ToolError(.invalidSettings, "keep: \(keep) needs verify (--verify)") }
        guard verifyCandidates >= 1 else { throw ToolError(.invalidSettings, "verify_candidates must be at least 1") }
        guard verifyTimeout > 0 else { throw ToolError(.invalidSettings, "verify_timeout must be more than 0") }
        guard ["fenced", "raw"].contains(responseStyle) else { throw ToolError(.invalidSettings, "response_style is fenced or raw") }
        guard FieldMapping(argument: fields) != nil else { throw ToolError(.invalidSettings, "fields: \(FieldMapping.argumentHelp)") }
    }
}
