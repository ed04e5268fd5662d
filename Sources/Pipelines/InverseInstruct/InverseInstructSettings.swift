import Foundation
import InstructData
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
    public var topP: Double?
    public var repetitionPenalty = 1.1
    public var maxTokens = 2048
    public var openers = InverseInstructPrompts.paperOpeners
    public var seed = 42
    /// Trade the engine's prompt cache for repeatable sampling (llama.cpp): the same seeds give
    /// the same instructions however the work was interrupted and resumed.
    public var reproducible = false

    // Score and select
    /// How many top logprobs to read at the first position; nil: as many as the server allows.
    public var scoreTopLogprobs: Int?
    public var minScore: Double?
    /// Candidates kept per snippet (paper: 1; more made the model worse).
    public var topK = 1

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
        case reproducible, decontaminate, humaneval, mbpp, dedup
        case runDirectory = "run_dir"
        case skipInvalid = "skip_invalid"
        case allBlocks = "all_blocks"
        case minLines = "min_lines"
        case maxLines = "max_lines"
        case topP = "top_p"
        case repetitionPenalty = "repetition_penalty"
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

    /// The published values (DESIGN.md): K = 10, temperature 0.8, repetition penalty 1.1, at
    /// most 2048 new tokens, the paper's openers, top-1 selection, and the final corpus
    /// decontaminated (HumanEval; add MBPP with `mbpp: FILE`) and de-duplicated.
    public static var paper: InverseInstructSettings {
        var settings = InverseInstructSettings()
        settings.candidates = 10
        settings.temperature = 0.8
        settings.repetitionPenalty = 1.1
        settings.maxTokens = 2048
        settings.openers = InverseInstructPrompts.paperOpeners
        settings.topK = 1
        settings.minScore = nil
        // The paper decontaminated both the original and the new data.
        settings.decontaminate = ["humaneval"]
        settings.dedup = true
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
        ContentHash.id(parts: [
            "summarize-v1", String(candidates), String(temperature), String(topP ?? -1), String(repetitionPenalty),
            String(maxTokens), openers.joined(separator: "|"), String(seed), promptFormat, model ?? "",
        ])
    }

    public var scoringFingerprint: String {
        ContentHash.id(parts: ["score-v1", promptFormat, model ?? "", String(scoreTopLogprobs ?? 0)])
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
        guard ["fenced", "raw"].contains(responseStyle) else { throw ToolError(.invalidSettings, "response_style is fenced or raw") }
        guard FieldMapping(argument: fields) != nil else { throw ToolError(.invalidSettings, "fields: \(FieldMapping.argumentHelp)") }
    }
}
