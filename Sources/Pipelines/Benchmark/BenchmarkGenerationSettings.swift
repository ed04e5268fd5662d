import Benchmarks
import InstructData

/// How `eval … --model` writes its samples. Everything that changes what the model is asked
/// goes into `fingerprint`, which keys the run-store units: a re-run with the same settings
/// reuses every finished sample, and other settings never pick up these.
public struct BenchmarkGenerationSettings: Sendable, Hashable {
    /// What is generated for, naming the run-store stage: `humaneval`, `mbpp`, `multipl-e-java`…
    public var dataset: String
    /// Names the model for the fingerprint: `--model`, else the endpoints, else the default model.
    public var modelIdentity: String
    /// `auto`, `chat` or a template name (see `PromptMode.resolve`).
    public var promptFormat: String
    public var samplesPerTask: Int
    /// 0 is greedy decoding.
    public var temperature: Double
    public var maxTokens: Int
    /// Units (requests) in flight.
    public var concurrency: Int

    /// The most samples one unit (one request with `n`) asks for.
    public static let batchLimit = 16

    public init(dataset: String, modelIdentity: String, promptFormat: String = "auto",
                samplesPerTask: Int = 1, temperature: Double = 0, maxTokens: Int = 512, concurrency: Int = 8) {
        self.dataset = dataset
        self.modelIdentity = modelIdentity
        self.promptFormat = promptFormat
        self.samplesPerTask = samplesPerTask
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.concurrency = concurrency
    }

    public func validate() throws {
        guard samplesPerTask >= 1 else { throw ToolError(.invalidSettings, "--samples-per-task must be at least 1") }
        guard temperature >= 0 else { throw ToolError(.invalidSettings, "--temperature must not be negative") }
        guard maxTokens >= 1 else { throw ToolError(.invalidSettings, "--max-tokens must be at least 1") }
        guard concurrency >= 1 else { throw ToolError(.invalidSettings, "--concurrency must be at least 1") }
    }

    public var fingerprint: String {
        ContentHash.id(parts: [
            "benchmark-generation-v1", dataset, modelIdentity, promptFormat.lowercased(),
            String(samplesPerTask), String(temperature), String(maxTokens),
        ])
    }

    /// Sample counts of a task's units: `batchLimit` each, the rest in the last.
    public var batchSizes: [Int] {
        stride(from: 0, to: samplesPerTask, by: Self.batchLimit).map { min(Self.batchLimit, samplesPerTask - $0) }
    }
}
