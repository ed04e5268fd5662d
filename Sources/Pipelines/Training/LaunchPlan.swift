import Foundation
import InstructData

/// How the trainer starts: one process (`python trainer.py train CONFIG`), or through
/// `accelerate launch` with a generated config — DDP by default, DeepSpeed ZeRO-3 or FSDP by
/// option — for many GPUs and nodes. `--print-command` shows exactly these files and commands.
public struct LaunchPlan: Sendable, Hashable {
    /// A file the plan writes before launching: path and text.
    public struct File: Sendable, Hashable {
        public var path: String
        public var text: String
    }

    public var files: [File]
    /// Once, on one machine, before training: checks the base and the disk, converts a GGUF base.
    public var prepare: [String]
    /// Training: on every node, with its machine rank.
    public var train: [String]
    public var environment: [String: String]

    /// `python`: the train environment's interpreter; `directory`: OUTPUT/.inverse-instruct.
    public init(settings: TrainingSettings, python: String, directory: String) {
        let script = (directory as NSString).appendingPathComponent("trainer.py")
        let config = (directory as NSString).appendingPathComponent("train-config.json")
        prepare = [python, script, "prepare", config]
        environment = ["TOKENIZERS_PARALLELISM": "false", "PYTHONUNBUFFERED": "1"]
        files = []
        guard settings.usesLauncher else {
            train = [python, script, "train", config]
            return
        }
        let accelerateConfig = (directory as NSString).appendingPathComponent("accelerate.yaml")
        var yaml = Self.accelerateConfig(settings: settings)
        if settings.distributed == "zero3" {
            let deepspeed = (directory as NSString).appendingPathComponent("deepspeed-zero3.json")
            files.append(File(path: deepspeed, text: Self.deepSpeedZero3))
            yaml += "deepspeed_config:\n  deepspeed_config_file: \(deepspeed)\n  zero3_init_flag: true\n"
        } else if settings.distributed == "fsdp" {
            yaml += Self.fsdpSection
        }
        files.append(File(path: accelerateConfig, text: yaml))
        train = [python, "-m", "accelerate.commands.launch", "--config_file", accelerateConfig,
                 "--machine_rank", String(settings.machineRank), script, "train", config]
    }

    /// The command lines as a shell would take them (for `--print-command` and logs).
    public static func shellLine(_ arguments: [String], environment: [String: String] = [:]) -> String {
        let assignments = environment.keys.sorted().map { "\($0)=\(shellQuoted(environment[$0] ?? ""))" }
        return (assignments + arguments.map(shellQuoted)).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty && word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// accelerate's own config format (what `accelerate config` writes), common part.
    static func accelerateConfig(settings: TrainingSettings) -> String {
        let type = switch settings.distributed {
        case "zero3": "DEEPSPEED"
        case "fsdp": "FSDP"
        default: "MULTI_GPU"
        }
        let mixed = switch settings.precision {
        case "fp32": "no"
        case "fp16": "fp16"
        default: "bf16"
        }
        var lines = [
            "# Written by inverse-instruct train: \(settings.nodes) node(s) x \(settings.gpus) GPU(s), \(settings.distributed).",
            "compute_environment: LOCAL_MACHINE",
            "distributed_type: \(type)",
            "num_machines: \(settings.nodes)",
            "num_processes: \(settings.worldSize)",
            "machine_rank: \(settings.machineRank)",
            "mixed_precision: \(mixed)",
            "main_training_function: main",
            "gpu_ids: all",
            "use_cpu: false",
            "same_network: true",
            "rdzv_backend: static",
            "downcast_bf16: 'no'",
            "tpu_env: []",
            "tpu_use_cluster: false",
            "tpu_use_sudo: false",
        ]
        if settings.nodes > 1, let ip = settings.mainProcessIP {
            lines.append("main_process_ip: \(ip)")
            lines.append("main_process_port: \(settings.mainProcessPort)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// ZeRO-3 with every size left to the Trainer ("auto"), and the 16-bit weights gathered when
    /// the model is saved, so each phase's model is whole for the next phase and for GGUF.
    static let deepSpeedZero3 = """
        {
          "bf16": {"enabled": "auto"},
          "fp16": {"enabled": "auto"},
          "zero_optimization": {
            "stage": 3,
            "overlap_comm": true,
            "contiguous_gradients": true,
            "reduce_bucket_size": "auto",
            "stage3_prefetch_bucket_size": "auto",
            "stage3_param_persistence_threshold": "auto",
            "stage3_gather_16bit_weights_on_model_save": true
          },
          "gradient_accumulation_steps": "auto",
          "gradient_clipping": "auto",
          "train_batch_size": "auto",
          "train_micro_batch_size_per_gpu": "auto",
          "steps_per_print": 1000000,
          "wall_clock_breakdown": false
        }

        """

    /// FSDP, full sharding, one wrap unit per transformer block; the full state dict on save so
    /// each phase's model is whole.
    static let fsdpSection = """
        fsdp_config:
          fsdp_version: 1
          fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP
          fsdp_sharding_strategy: FULL_SHARD
          fsdp_backward_prefetch: BACKWARD_PRE
          fsdp_forward_prefetch: false
          fsdp_state_dict_type: FULL_STATE_DICT
          fsdp_offload_params: false
          fsdp_cpu_ram_efficient_loading: true
          fsdp_sync_module_states: true
          fsdp_use_orig_params: true

        """
}
