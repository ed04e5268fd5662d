import ArgumentParser
import Console
import Foundation
import InstructData
import ModelClient
import Pipelines

/// `train`: fine-tune a base model on a run's training corpus by the paper's recipe (phase 1 the
/// generated pairs, then phase 2 the original pairs), with TRL, and export it to GGUF.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a base model on a run's phases (TRL), in order, and export it to GGUF for the engine.",
        discussion: """
            RUN_DIR is a directory `inverse-instruct run` wrote (its train/manifest.json lists the phases). \
            The base model is a Hugging Face directory, a GGUF file (dequantized into an unquantized model) \
            or a registry name. Defaults are the paper's: phase 1 one epoch, phase 2 two, Adafactor, lr 5e-5, \
            15 warm-up steps then linear decay (per phase), effective batch 512 through gradient accumulation \
            (smaller for a smaller phase), 1024 tokens, loss on response tokens only, EOS appended. \
            OUTPUT gets model/ (Hugging Face), model.gguf, logs/ and checkpoints/; running the same command \
            again resumes a stopped training from its last checkpoint. The trainer runs in a private Python \
            environment created on first use (~/.cache/inverse-instruct/train-venv). --gpus N launches \
            through `accelerate launch` (DDP, --zero3 or --fsdp); --print-command shows the launch without running.
            """
    )

    @Argument(help: "The run directory (with train/manifest.json).")
    var runDir: String?

    @Option(name: .long, help: "Base model: a Hugging Face model directory, a GGUF file, or a registry name (smollm2-135m, qwen2.5-coder-0.5b, ...).")
    var base: String?

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String?

    @Option(name: .long, help: "Options from a YAML file (snake_case names); flags override it.")
    var config: String?

    @Option(name: .long, help: "Prompt format: chat (the base model's chat template, default) or magicoder.")
    var promptFormat: String?

    @Option(name: .long, help: "Learning rate (default 5e-5).")
    var learningRate: Double?

    @Option(name: .long, help: "Warm-up steps per phase (default 15).")
    var warmupSteps: Int?

    @Option(name: .long, help: "Effective batch: examples per optimizer step (default 512).")
    var batchSize: Int?

    @Option(name: .long, help: "Examples per forward pass per process (default 4).")
    var microBatchSize: Int?

    @Option(name: .long, help: "Sequence length in tokens (default 1024).")
    var maxLength: Int?

    @Option(name: .long, help: "Epochs per phase, comma-separated (default: the manifest's, 1,2).")
    var epochs: String?

    @Option(name: .long, help: "At most this many optimizer steps per phase (for trials).")
    var maxSteps: Int?

    @Option(name: .long, help: "Checkpoint every N steps, for resuming (default 50; 0: only at each phase's end).")
    var saveEvery: Int?

    @Flag(name: .long, help: "Keep the checkpoints after a finished training.")
    var keepCheckpoints = false

    @Option(name: .long, help: "Seed for shuffling and initialization (default 42).")
    var seed: Int?

    @Option(name: .long, help: "auto (bf16 autocast on a GPU or CPU that computes in bf16, else fp32), fp32, bf16 or fp16.")
    var precision: String?

    @Flag(name: .long, help: "Recompute activations in the backward pass: less memory, about a third slower.")
    var gradientCheckpointing = false

    @Flag(name: .long, help: "Train LoRA adapters (merged into the model at each phase's end).")
    var lora = false

    @Option(name: .long, help: "LoRA rank (default 16).")
    var loraRank: Int?

    @Option(name: .long, help: "GPUs (processes) per node; more than one launches through accelerate.")
    var gpus: Int?

    @Option(name: .long, help: "Nodes of a cluster (with --main-process-ip and --machine-rank).")
    var nodes: Int?

    @Option(name: .long, help: "Address of node 0, for --nodes above 1.")
    var mainProcessIp: String?

    @Option(name: .long, help: "This node's rank, 0 to nodes - 1.")
    var machineRank: Int?

    @Flag(name: .long, help: "DeepSpeed ZeRO-3 across the GPUs.")
    var zero3 = false

    @Flag(name: .long, help: "PyTorch FSDP across the GPUs.")
    var fsdp = false

    @Flag(name: .long, help: "Print the launch commands and the generated config files; run nothing.")
    var printCommand = false

    @Option(name: .long, help: "GGUF export type: f16 (default), bf16, f32, q8_0, or none.")
    var gguf: String?

    @OptionGroup var global: GlobalOptions

    func settings() throws -> TrainingSettings {
        var settings = try config.map(TrainingSettings.fromConfig) ?? TrainingSettings()
        if let runDir { settings.runDirectory = runDir }
        if let base { settings.base = base }
        if let output { settings.output = output }
        if let promptFormat { settings.promptFormat = promptFormat }
        if let learningRate { settings.learningRate = learningRate }
        if let warmupSteps { settings.warmupSteps = warmupSteps }
        if let batchSize { settings.batchSize = batchSize }
        if let microBatchSize { settings.microBatchSize = microBatchSize }
        if let maxLength { settings.maxLength = maxLength }
        if let epochs {
            let numbers = epochs.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.allSatisfy({ $0 != nil }) else { throw ValidationError("--epochs takes numbers, e.g. 1,2") }
            settings.epochs = numbers.compactMap { $0 }
        }
        if let maxSteps { settings.maxSteps = maxSteps }
        if let saveEvery { settings.saveEvery = saveEvery }
        if keepCheckpoints { settings.keepCheckpoints = true }
        if let seed { settings.seed = seed }
        if let precision { settings.precision = precision }
        if gradientCheckpointing { settings.gradientCheckpointing = true }
        if lora { settings.lora = true }
        if let loraRank { settings.loraRank = loraRank }
        if let gpus { settings.gpus = gpus }
        if let nodes { settings.nodes = nodes }
        if let mainProcessIp { settings.mainProcessIP = mainProcessIp }
        if let machineRank { settings.machineRank = machineRank }
        if zero3 && fsdp { throw ValidationError("--zero3 and --fsdp exclude each other") }
        if zero3 { settings.distributed = "zero3" }
        if fsdp { settings.distributed = "fsdp" }
        if let gguf { settings.gguf = gguf }
        do {
            try settings.validate()
        } catch let error as ToolError {
            throw ValidationError(error.description)
        }
        guard settings.runDirectory != nil else { throw ValidationError("give RUN_DIR (or `run_dir:` in --config)") }
        guard settings.base != nil else { throw ValidationError("give --base MODEL (or `base:` in --config)") }
        guard settings.output != nil else { throw ValidationError("give -o OUTPUT (or `output:` in --config)") }
        return settings
    }

    func run() async throws {
        global.apply()
        let settings = try settings()
        if printCommand {
            let (plan, _) = try await TrainingRun.plan(settings, log: global.logLine)
            Terminal.writeStandardOutput(plan.text)
            return
        }
        InterruptHandler.installResumable(command: "train", quiet: global.quiet)
        let progress = TrainingProgress(quiet: global.quiet || global.json)
        let summary = try await TrainingRun.execute(settings, log: global.logLine, progress: progress)
        try global.emit(summary.text, json: summary)
    }
}
