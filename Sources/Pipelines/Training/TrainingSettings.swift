import Foundation
import InstructData
import Yams

/// Every option of `train`: the paper's recipe as defaults, then a YAML file (`--config`, snake_case
/// names), then command-line flags.
public struct TrainingSettings: Sendable, Hashable, Codable {
    /// A run directory (or its `train/` folder) holding `manifest.json`.
    public var runDirectory: String?
    /// A Hugging Face model directory, a GGUF file, or a registry name (`smollm2-135m`).
    public var base: String?
    public var output: String?

    // The recipe (DESIGN.md, "Training")
    public var learningRate = 5e-5
    public var warmupSteps = 15
    /// Effective batch (examples per optimizer step), reached through gradient accumulation.
    public var batchSize = 512
    /// Examples per forward pass per process.
    public var microBatchSize = 4
    public var maxLength = 1024
    /// Epochs per phase, in manifest order; nil: the manifest's (1 then 2).
    public var epochs: [Int]?
    /// `chat` (the base model's chat template) or `magicoder`.
    public var promptFormat = "chat"
    public var seed = 42
    /// Caps each phase's optimizer steps (for trials and tests); nil: the epochs decide.
    public var maxSteps: Int?
    /// Checkpoint every N steps (a killed run resumes from the last); 0: only at each phase's end.
    public var saveEvery = 50
    public var keepCheckpoints = false
    /// `auto` (bf16 on a GPU that has it, else fp32), `fp32`, `bf16`, `fp16`.
    public var precision = "auto"
    public var gradientCheckpointing = false
    public var maxGradNorm = 1.0

    // LoRA
    public var lora = false
    public var loraRank = 16
    public var loraAlpha = 32
    public var loraDropout = 0.05

    // Many GPUs
    /// Processes per node (one per GPU); 1 trains in-process without a launcher.
    public var gpus = 1
    public var nodes = 1
    /// `ddp`, `zero3` or `fsdp`.
    public var distributed = "ddp"
    public var mainProcessIP: String?
    public var mainProcessPort = 29500
    public var machineRank = 0

    // Back to the engine
    /// GGUF export type: f32, f16, bf16, q8_0; `none` skips the export.
    public var gguf = "f16"

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case base, output, epochs, seed, precision, lora, gpus, nodes, distributed, gguf
        case runDirectory = "run_dir"
        case learningRate = "learning_rate"
        case warmupSteps = "warmup_steps"
        case batchSize = "batch_size"
        case microBatchSize = "micro_batch_size"
        case maxLength = "max_length"
        case promptFormat = "prompt_format"
        case maxSteps = "max_steps"
        case saveEvery = "save_every"
        case keepCheckpoints = "keep_checkpoints"
        case gradientCheckpointing = "gradient_checkpointing"
        case maxGradNorm = "max_grad_norm"
        case loraRank = "lora_rank"
        case loraAlpha = "lora_alpha"
        case loraDropout = "lora_dropout"
        case mainProcessIP = "main_process_ip"
        case mainProcessPort = "main_process_port"
        case machineRank = "machine_rank"
    }

    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    /// `train --config FILE`: the file's options on top of the defaults.
    public static func fromConfig(_ path: String) throws -> TrainingSettings {
        guard let mapping = try ConfigFile.mapping(at: path) else { return TrainingSettings() }
        return try ConfigFile.apply(mapping, to: TrainingSettings(), known: knownKeys, file: path,
                                    optionKind: "train option")
    }

    public static let promptFormats = ["chat", "magicoder"]
    public static let precisions = ["auto", "fp32", "bf16", "fp16"]
    public static let strategies = ["ddp", "zero3", "fsdp"]
    public static let ggufTypes = ["f32", "f16", "bf16", "q8_0", "none"]

    public func validate() throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw ToolError(.invalidSettings, message) }
        }
        try check(learningRate > 0, "learning_rate must be more than 0")
        try check(warmupSteps >= 0, "warmup_steps must not be negative")
        try check(batchSize >= 1, "batch_size must be at least 1")
        try check(microBatchSize >= 1, "micro_batch_size must be at least 1")
        try check(maxLength >= 16, "max_length must be at least 16")
        try check(saveEvery >= 0, "save_every must not be negative")
        try check(maxGradNorm > 0, "max_grad_norm must be more than 0")
        if let maxSteps { try check(maxSteps >= 1, "max_steps must be at least 1") }
        if let epochs { try check(!epochs.isEmpty && epochs.allSatisfy { $0 >= 1 }, "epochs must be positive numbers, one per phase") }
        try check(Self.promptFormats.contains(promptFormat), "prompt_format is chat or magicoder")
        try check(Self.precisions.contains(precision), "precision is one of \(Self.precisions.joined(separator: ", "))")
        try check(Self.strategies.contains(distributed), "distributed is ddp, zero3 or fsdp")
        try check(Self.ggufTypes.contains(gguf), "gguf is one of \(Self.ggufTypes.joined(separator: ", "))")
        try check(gpus >= 1, "gpus must be at least 1")
        try check(nodes >= 1, "nodes must be at least 1")
        try check((0..<nodes).contains(machineRank), "machine_rank must be between 0 and nodes - 1")
        try check(nodes == 1 || mainProcessIP != nil, "--nodes above 1 needs --main-process-ip (the address of node 0)")
        try check(loraRank >= 1 && loraAlpha >= 1 && (0..<1).contains(loraDropout),
                  "lora_rank and lora_alpha must be at least 1, lora_dropout in [0, 1)")
        try check(!(lora && distributed == "zero3"), "--lora with --zero3 is not supported; use DDP or FSDP")
    }

    /// Processes in the whole job.
    public var worldSize: Int { gpus * nodes }

    /// Whether the job goes through `accelerate launch` (more than one process).
    public var usesLauncher: Bool { worldSize > 1 }
}
