"""LLaMA-Factory's own argument parser and dataset registry on the configs `train` writes
(OUTPUT/other-trainers/llamafactory), run by scripts/check-other-trainers.sh in a throwaway venv
with llamafactory installed. Prints what LLaMA-Factory understood, per phase.

usage: check_llamafactory.py OUTPUT/other-trainers/llamafactory"""

import importlib.machinery
import os
import sys
import types

import yaml

# LLaMA-Factory imports torchaudio for multimodal data; a stand-in keeps this text-only check
# free of a torchaudio build matching the local torch.
stub = types.ModuleType("torchaudio")
stub.__spec__ = importlib.machinery.ModuleSpec("torchaudio", None)
sys.modules.setdefault("torchaudio", stub)

from llamafactory.data.parser import get_dataset_list  # noqa: E402
from llamafactory.data.template import TEMPLATES  # noqa: E402
from llamafactory.hparams import get_train_args  # noqa: E402

directory = sys.argv[1]
phases = sorted(name for name in os.listdir(directory) if name.startswith("phase") and name.endswith(".yaml"))
names = []
for name in phases:
    with open(os.path.join(directory, name)) as f:
        arguments = yaml.safe_load(f)
    arguments["use_cpu"] = True  # the files ask for bf16 on a GPU; this check runs anywhere
    model, data, training, finetuning, _ = get_train_args(arguments)
    names += data.dataset
    assert isinstance(training.learning_rate, float), "learning_rate read as %r" % (training.learning_rate,)
    print("%s: model %s, dataset %s, template %s (known: %s), cutoff %d, train_on_prompt %s, %s lr %r, "
          "accumulation %d, epochs %g, %s warm-up %d, %s %s"
          % (name, model.model_name_or_path, data.dataset, data.template, data.template in TEMPLATES, data.cutoff_len,
             data.train_on_prompt, training.optim, training.learning_rate, training.gradient_accumulation_steps,
             training.num_train_epochs, training.lr_scheduler_type, training.warmup_steps, finetuning.stage,
             finetuning.finetuning_type))
for dataset in get_dataset_list(names, directory):
    print("dataset %s: %s, %s, prompt=%s response=%s" % (dataset.dataset_name, dataset.load_from, dataset.formatting,
                                                          dataset.prompt, dataset.response))
