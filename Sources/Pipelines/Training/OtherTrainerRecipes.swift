import Foundation
import InstructData

/// The same recipe for users who train with LLaMA-Factory or axolotl: written by `train` to
/// `OUTPUT/other-trainers/` — LLaMA-Factory's `dataset_info.json` and one YAML per phase (phase
/// 2 starts from phase 1's output), and one axolotl YAML per phase. Each phase is its own run,
/// as in `train`: shuffled within the phase, never across, the schedule restarting per phase.
public struct OtherTrainerRecipes: Sendable {
    public var settings: TrainingSettings
    public var manifest: TrainingManifest
    /// The Hugging Face directory training starts from (a GGUF base's converted model).
    public var baseDirectory: String
    public var directory: String

    public init(settings: TrainingSettings, manifest: TrainingManifest, baseDirectory: String, directory: String) {
        self.settings = settings
        self.manifest = manifest
        self.baseDirectory = baseDirectory
        self.directory = directory
    }

    static let magicoderSystem = "You are an exceptionally intelligent coding assistant that consistently delivers "
        + "accurate and reliable responses to user instructions."

    /// Gradient accumulation for the effective batch, smaller for a smaller phase (as trainer.py).
    func accumulation(examples: Int) -> Int {
        let perPass = settings.microBatchSize * settings.worldSize
        return max(1, max(1, min(settings.batchSize, examples)) / perPass)
    }

    static func datasetName(_ index: Int) -> String { "inverse_instruct_phase\(index + 1)" }

    /// path → text of every file.
    public func files() throws -> [(String, String)] {
        var files: [(String, String)] = []
        let factory = (directory as NSString).appendingPathComponent("llamafactory")
        let axolotl = (directory as NSString).appendingPathComponent("axolotl")
        var info: [String: Any] = [:]
        for (index, phase) in manifest.phases.enumerated() {
            info[Self.datasetName(index)] = ["file_name": phase.file, "formatting": "alpaca",
                                             "columns": ["prompt": "instruction", "response": "response"]]
        }
        let infoData = try JSONSerialization.data(withJSONObject: info, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        files.append(((factory as NSString).appendingPathComponent("dataset_info.json"), String(decoding: infoData, as: UTF8.self) + "\n"))
        var previous = baseDirectory
        for (index, phase) in manifest.phases.enumerated() {
            let output = (factory as NSString).appendingPathComponent("phase\(index + 1)")
            files.append(((factory as NSString).appendingPathComponent("phase\(index + 1).yaml"),
                          llamaFactory(phase: phase, index: index, model: previous, output: output, datasetDirectory: factory)))
            previous = output
        }
        previous = baseDirectory
        for (index, phase) in manifest.phases.enumerated() {
            let output = (axolotl as NSString).appendingPathComponent("phase\(index + 1)")
            files.append(((axolotl as NSString).appendingPathComponent("phase\(index + 1).yaml"),
                          axolotlConfig(phase: phase, index: index, model: previous, output: output)))
            previous = output
        }
        return files
    }

    /// A float PyYAML (YAML 1.1) reads as a float: `5e-05` would be a string there, `5.0e-05` is not.
    func yamlFloat(_ value: Double) -> String {
        var text = String(value)
        if text.contains("e") && !text.contains(".") { text = text.replacingOccurrences(of: "e", with: ".0e") }
        return text
    }

    var precisionLine: String {
        switch settings.precision {
        case "fp32": "bf16: false"
        case "fp16": "fp16: true"
        default: "bf16: true"
        }
    }

    func llamaFactory(phase: TrainingManifest.Phase, index: Int, model: String, output: String, datasetDirectory: String) -> String {
        var lines = [
            "# LLaMA-Factory, phase \(index + 1) of \(manifest.phases.count) (\(phase.name)): llamafactory-cli train \((directory as NSString).appendingPathComponent("llamafactory/phase\(index + 1).yaml"))",
            "# Written by inverse-instruct train; run the phases in order (each starts from the one before).",
            "model_name_or_path: \(model)",
            "stage: sft",
            "do_train: true",
            "finetuning_type: \(settings.lora ? "lora" : "full")",
        ]
        if settings.lora {
            lines += ["lora_rank: \(settings.loraRank)", "lora_alpha: \(settings.loraAlpha)", "lora_dropout: \(settings.loraDropout)",
                      "lora_target: all"]
        }
        lines += [
            "dataset: \(Self.datasetName(index))",
            "dataset_dir: \(datasetDirectory)",
            settings.promptFormat == "magicoder"
                ? "template: empty  # LLaMA-Factory has no Magicoder template; register one, or use your model family's"
                : "template: default  # set your base model's family (qwen, llama3, ...): LLaMA-Factory names templates itself",
            "cutoff_len: \(settings.maxLength)",
            "train_on_prompt: false",
            "output_dir: \(output)",
            "overwrite_output_dir: true",
            "save_strategy: \"no\"",
            "per_device_train_batch_size: \(settings.microBatchSize)",
            "gradient_accumulation_steps: \(accumulation(examples: phase.examples))",
            "learning_rate: \(yamlFloat(settings.learningRate))",
            "num_train_epochs: \(Double(phase.epochs))",
            "lr_scheduler_type: linear",
            "warmup_steps: \(settings.warmupSteps)",
            "optim: adafactor",
            "max_grad_norm: \(settings.maxGradNorm)",
            "seed: \(settings.seed)",
            "logging_steps: 1",
            precisionLine,
            "report_to: none",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    func axolotlConfig(phase: TrainingManifest.Phase, index: Int, model: String, output: String) -> String {
        let format = (Self.magicoderSystem + "\n\n@@ Instruction\n{instruction}\n\n@@ Response\n")
            .replacingOccurrences(of: "\n", with: "\\n")
        var lines = [
            "# axolotl, phase \(index + 1) of \(manifest.phases.count) (\(phase.name)): axolotl train \((directory as NSString).appendingPathComponent("axolotl/phase\(index + 1).yaml"))",
            "# Written by inverse-instruct train; run the phases in order (each starts from the one before).",
            "# The prompt is the Magicoder template (the paper's models); for a chat template, write the",
            "# run with --format messages and use `type: chat_template` with `field_messages: messages`.",
            "base_model: \(model)",
            "datasets:",
            "  - path: \(phase.file)",
            "    ds_type: json",
            "    type:",
            "      field_instruction: instruction",
            "      field_output: response",
            "      format: \"\(format)\"",
            "      no_input_format: \"\(format)\"",
            "shuffle_merged_datasets: true",
            "dataset_prepared_path: \((directory as NSString).appendingPathComponent("axolotl/prepared-phase\(index + 1)"))",
            "train_on_inputs: false",
            "sequence_len: \(settings.maxLength)",
            "sample_packing: false",
            "num_epochs: \(phase.epochs)",
            "micro_batch_size: \(settings.microBatchSize)",
            "gradient_accumulation_steps: \(accumulation(examples: phase.examples))",
            "optimizer: adafactor",
            "learning_rate: \(yamlFloat(settings.learningRate))",
            "lr_scheduler: linear",
            "warmup_steps: \(settings.warmupSteps)",
            "max_grad_norm: \(settings.maxGradNorm)",
            "seed: \(settings.seed)",
            settings.precision == "fp32" ? "bf16: false" : (settings.precision == "fp16" ? "fp16: true" : "bf16: auto"),
            "gradient_checkpointing: \(settings.gradientCheckpointing)",
            "output_dir: \(output)",
        ]
        if settings.lora {
            lines += ["adapter: lora", "lora_r: \(settings.loraRank)", "lora_alpha: \(settings.loraAlpha)",
                      "lora_dropout: \(settings.loraDropout)", "lora_target_linear: true"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
