import Foundation
import InstructData
import Sandbox
import Yams

/// Every option of a Semi-Instruct run: defaults here, then a YAML `semi:` section (from a
/// `run` config), then command-line flags.
public struct SemiInstructSettings: Sendable, Hashable, Codable {
    // Input and output
    public var input: String?
    public var output: String?
    /// Default: OUTPUT's name + `.run`.
    public var runDirectory: String?
    /// The code field of JSON records, or `auto`.
    public var field = "auto"

    // Generation
    public var samples = 1
    /// nil: 0 (greedy) for one sample, 0.8 for more.
    public var temperature: Double?
    public var maxTokens = 1024
    public var seed = 42
    public var promptFormat = "auto"
    public var endpoints: [String] = []
    public var model: String?
    public var apiKeyEnv: String?
    /// Requests in flight.
    public var concurrency = 8
    public var engineParallel = 4

    // Validation
    /// Wall-clock seconds per sandbox job.
    public var timeout = 3.0
    /// Sandbox workers; nil: one per core.
    public var workers: Int?
    /// Off only for code you trust (no bubblewrap, rlimits only).
    public var isolation = true
    public var tolerance = 1e-6
    public var tuplesEqualLists = true
    /// Programs: numeric tokens of stdout equal within this; nil: exact text.
    public var stdoutTolerance: Double?
    public var minShare = 1.0
    public var minTests = 3
    public var maxTests = 10

    // Ranking
    /// `ascending` (fewest tests passed first, a curriculum) or `descending`.
    public var order = "ascending"

    // Data quality of the output
    public var decontaminate: [String] = []
    public var humaneval: String?
    public var mbpp: String?
    public var dedup = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case input, output, field, samples, temperature, seed, endpoints, model, concurrency, timeout, workers, isolation
        case tolerance, order, decontaminate, humaneval, mbpp, dedup
        case runDirectory = "run_dir"
        case maxTokens = "max_tokens"
        case promptFormat = "prompt_format"
        case apiKeyEnv = "api_key_env"
        case engineParallel = "engine_parallel"
        case tuplesEqualLists = "tuples_equal_lists"
        case stdoutTolerance = "stdout_tolerance"
        case minShare = "min_share"
        case minTests = "min_tests"
        case maxTests = "max_tests"
    }

    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    /// Applies a YAML mapping (a `run` config's `semi:` section, or its top level) on top of
    /// these settings. Unknown keys are an error naming the file and line.
    public func applying(_ mapping: Node.Mapping, file: String, ignoring: Set<String> = []) throws -> SemiInstructSettings {
        try ConfigFile.apply(mapping, to: self, known: Self.knownKeys, skipping: ignoring, file: file,
                             optionKind: "Semi-Instruct option")
    }

    public var effectiveTemperature: Double { temperature ?? (samples > 1 ? 0.8 : 0) }

    public var rules: ValidationRules {
        var rules = ValidationRules()
        rules.minShare = minShare
        rules.minTests = minTests
        rules.maxTests = maxTests
        rules.comparison = OutputComparison(tolerance: tolerance, tuplesEqualLists: tuplesEqualLists)
        rules.stdout = StandardOutputComparison(numericTolerance: stdoutTolerance)
        return rules
    }

    /// What changes the model's replies; part of every generation unit's key.
    public var generationFingerprint: String {
        ContentHash.id(parts: [
            "semi-generate-v1", String(samples), String(effectiveTemperature), String(maxTokens), String(seed),
            promptFormat.lowercased(), model ?? "", endpoints.isEmpty ? "local" : "",
        ])
    }

    /// What changes a verdict; part of every validation unit's key (with the generation's), so
    /// new rules re-validate the same replies without asking the model again.
    public var validationFingerprint: String {
        ContentHash.id(parts: [
            "semi-validate-v3", String(timeout), String(tolerance), String(tuplesEqualLists), String(stdoutTolerance ?? -1),
            String(minShare), String(minTests), String(maxTests), String(isolation),
        ])
    }

    public var ascending: Bool { order.lowercased() != "descending" }

    public func validate() throws {
        guard samples >= 1 else { throw ToolError(.invalidSettings, "samples must be at least 1") }
        guard maxTokens >= 1 else { throw ToolError(.invalidSettings, "max_tokens must be at least 1") }
        guard concurrency >= 1 else { throw ToolError(.invalidSettings, "concurrency must be at least 1") }
        guard timeout > 0 else { throw ToolError(.invalidSettings, "timeout must be more than 0") }
        guard (0...1).contains(minShare) else { throw ToolError(.invalidSettings, "min_share must be between 0 and 1") }
        guard minTests >= 1 else { throw ToolError(.invalidSettings, "min_tests must be at least 1") }
        guard maxTests >= minTests else { throw ToolError(.invalidSettings, "max_tests must be at least min_tests") }
        guard tolerance >= 0 else { throw ToolError(.invalidSettings, "tolerance must not be negative") }
        if let temperature, temperature < 0 { throw ToolError(.invalidSettings, "temperature must not be negative") }
        if let workers, workers < 1 { throw ToolError(.invalidSettings, "workers must be at least 1") }
        guard ["ascending", "descending"].contains(order.lowercased()) else {
            throw ToolError(.invalidSettings, "order is ascending or descending")
        }
    }

    /// The data-quality part, in the form `CorpusCleaning` reads.
    var cleaningSettings: InverseInstructSettings {
        var settings = InverseInstructSettings()
        settings.decontaminate = decontaminate
        settings.humaneval = humaneval
        settings.mbpp = mbpp
        settings.dedup = dedup
        return settings
    }
}

extension SemiInstructSettings {
    /// Options a `run` config may give at its top level for either method.
    static let sharedRunKeys: Set<String> = [
        "input", "run_dir", "model", "endpoints", "api_key_env", "concurrency", "engine_parallel", "prompt_format", "seed",
        "max_tokens", "temperature", "decontaminate", "humaneval", "mbpp", "dedup",
    ]

    /// A `run` config that says `method: semi-instruct`: its shared top-level options, then its
    /// `semi:` section. nil when the config is for Inverse-Instruct (no `method`, or
    /// `method: inverse-instruct`).
    public static func fromRunConfig(_ path: String) throws -> SemiInstructSettings? {
        guard let mapping = try ConfigFile.mapping(at: path), let method = mapping["method"]?.string else { return nil }
        switch method.lowercased() {
        case "inverse-instruct": return nil
        case "semi-instruct": break
        default: throw ToolError(.invalidSettings, "\(path): unknown method '\(method)'; use inverse-instruct or semi-instruct")
        }
        var topLevel = Node.Mapping([])
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if name == "method" || name == "semi" { continue }
            guard sharedRunKeys.contains(name) else {
                throw ToolError(.invalidSettings, "\(path):\(key.mark.map { "\($0.line)" } ?? "?"): '\(name)' is not an option of "
                    + "method: semi-instruct; put Semi-Instruct options under `semi:` (known there: "
                    + "\(knownKeys.sorted().joined(separator: ", ")))")
            }
            topLevel[key] = value
        }
        var settings = try SemiInstructSettings().applying(topLevel, file: path)
        if let section = mapping["semi"] {
            guard let sectionMapping = section.mapping else { throw ToolError(.invalidSettings, "\(path): `semi:` must be a mapping of options") }
            settings = try settings.applying(sectionMapping, file: path)
        }
        return settings
    }
}
