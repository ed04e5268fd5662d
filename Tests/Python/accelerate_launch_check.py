"""Checks a `train --print-command` launch with accelerate's own code, without GPUs: run by the
Swift tests (Tests/PipelinesTests/TrainingLaunchTests.swift) in the train environment as
`python accelerate_launch_check.py ARGUMENTS...`, where ARGUMENTS are what follows
`-m accelerate.commands.launch` in the printed command.

Loads the config file with accelerate's config loader, parses the arguments with `accelerate
launch`'s parser and runs its validation; for DeepSpeed, builds the plugin from the generated
JSON; for DDP and FSDP, the environment `accelerate launch` would give each process. Prints one
JSON object with what accelerate understood."""

import json
import sys

from accelerate.commands.config.config_args import load_config_from_file
from accelerate.commands.launch import _validate_launch_command, launch_command_parser


def main(arguments):
    parser = launch_command_parser()
    args = parser.parse_args(arguments)
    config = load_config_from_file(args.config_file)
    _validate_launch_command(args)
    result = {
        "distributed_type": str(config.distributed_type).split(".")[-1],
        "num_processes": args.num_processes,
        "num_machines": args.num_machines,
        "mixed_precision": args.mixed_precision,
        "machine_rank": args.machine_rank,
        "script": args.training_script,
        "script_args": args.training_script_args,
    }
    if args.use_deepspeed:
        from accelerate.utils import DeepSpeedPlugin
        plugin = DeepSpeedPlugin(hf_ds_config=config.deepspeed_config["deepspeed_config_file"])
        result["zero_stage"] = plugin.zero_stage
        result["gather_16bit_weights_on_save"] = plugin.deepspeed_config["zero_optimization"].get(
            "stage3_gather_16bit_weights_on_model_save")
    else:
        from accelerate.utils import prepare_multi_gpu_env
        environment = prepare_multi_gpu_env(args)
        result["environment"] = {key: value for key, value in environment.items()
                                 if key.startswith(("ACCELERATE_", "FSDP_"))}
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
