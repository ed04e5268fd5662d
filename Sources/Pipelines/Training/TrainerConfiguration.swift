import Foundation
import InstructData

/// The JSON file `trainer.py` reads (`OUTPUT/.inverse-instruct/train-config.json`): the phases in
/// order and the recipe, resolved from the settings and the manifest.
public struct TrainerConfiguration: Sendable, Hashable, Codable {
    public struct Phase: Sendable, Hashable, Codable {
        public var name: String
        public var epochs: Int
        public var file: String
    }

    public struct LoRA: Sendable, Hashable, Codable {
        public var r: Int
        public var alpha: Int
        public var dropout: Double
    }

    public var base: String
    public var output: String
    public var phases: [Phase]
    public var promptFormat: String
    public var learningRate: Double
    public var warmupSteps: Int
    public var batchSize: Int
    public var microBatchSize: Int
    public var maxLength: Int
    public var seed: Int
    public var maxSteps: Int?
    public var saveEvery: Int
    public var keepCheckpoints: Bool
    public var precision: String
    public var gradientCheckpointing: Bool
    public var maxGradNorm: Double
    public var lora: LoRA?

    enum CodingKeys: String, CodingKey {
        case base, output, phases, seed, precision, lora
        case promptFormat = "prompt_format"
        case learningRate = "learning_rate"
        case warmupSteps = "warmup_steps"
        case batchSize = "batch_size"
        case microBatchSize = "micro_batch_size"
        case maxLength = "max_length"
        case maxSteps = "max_steps"
        case saveEvery = "save_every"
        case keepCheckpoints = "keep_checkpoints"
        case gradientCheckpointing = "gradient_checkpointing"
        case maxGradNorm = "max_grad_norm"
    }

    // `maxSteps` and `lora` are written as null when absent: the trainer reads every key.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
        try container.encode(output, forKey: .output)
        try container.encode(phases, forKey: .phases)
        try container.encode(promptFormat, forKey: .promptFormat)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(warmupSteps, forKey: .warmupSteps)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(microBatchSize, forKey: .microBatchSize)
        try container.encode(maxLength, forKey: .maxLength)
        try container.encode(seed, forKey: .seed)
        try container.encode(maxSteps, forKey: .maxSteps)
        try container.encode(saveEvery, forKey: .saveEvery)
        try container.encode(keepCheckpoints, forKey: .keepCheckpoints)
        try container.encode(precision, forKey: .precision)
        try container.encode(gradientCheckpointing, forKey: .gradientCheckpointing)
        try container.encode(maxGradNorm, forKey: .maxGradNorm)
        try container.encode(lora, forKey: .lora)
    }

    public init(settings: TrainingSettings, manifest: TrainingManifest, base: String, output: String) {
        self.base = base
        self.output = output
        phases = manifest.phases.map { Phase(name: $0.name, epochs: $0.epochs, file: $0.file) }
        promptFormat = settings.promptFormat
        learningRate = settings.learningRate
        warmupSteps = settings.warmupSteps
        batchSize = settings.batchSize
        microBatchSize = settings.microBatchSize
        maxLength = settings.maxLength
        seed = settings.seed
        maxSteps = settings.maxSteps
        saveEvery = settings.saveEvery
        keepCheckpoints = settings.keepCheckpoints
        precision = settings.precision
        gradientCheckpointing = settings.gradientCheckpointing
        maxGradNorm = settings.maxGradNorm
        lora = settings.lora ? LoRA(r: settings.loraRank, alpha: settings.loraAlpha, dropout: settings.loraDropout) : nil
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
