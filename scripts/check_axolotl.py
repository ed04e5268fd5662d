"""axolotl's own config loader and dataset tokenization on the configs `train` writes
(OUTPUT/other-trainers/axolotl), run by scripts/check-other-trainers.sh in a throwaway venv that
has axolotl beside the tool's train environment. Per phase: the config validates, the recipe's
values come through, and on the first tokenized example the prompt is masked and the response
is trained up to and including the EOS token.

usage: check_axolotl.py OUTPUT/other-trainers/axolotl"""

import os
import sys

os.environ.setdefault("AXOLOTL_DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from axolotl.cli.config import load_cfg  # noqa: E402
from axolotl.common.datasets import load_datasets  # noqa: E402
from axolotl.loaders import load_tokenizer  # noqa: E402

RESPONSE_MARKER = "@@ Response\n"

directory = sys.argv[1]
phases = sorted(name for name in os.listdir(directory) if name.startswith("phase") and name.endswith(".yaml"))
assert phases, "no phase files in %s" % directory
previous = None
for name in phases:
    # One tokenizing process, and no copy of the tokenized data saved: `datasets`' save_to_disk
    # hangs here starting its multiprocessing manager; neither changes what the config means.
    overrides = dict(dataset_num_proc=1, skip_prepare_dataset=True)
    if previous is not None:
        # A later phase starts from the one before, which this check does not train: its
        # tokenizer is read from the first phase's base instead.
        overrides["base_model"] = previous.base_model
    cfg = load_cfg(os.path.join(directory, name), **overrides)
    if previous is not None:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            assert "base_model: %s\n" % previous.output_dir in f.read(), "%s does not start from %s" % (name, previous.output_dir)
    assert cfg.optimizer == "adafactor" and cfg.lr_scheduler == "linear", (cfg.optimizer, cfg.lr_scheduler)
    assert isinstance(cfg.learning_rate, float), "learning_rate read as %r" % (cfg.learning_rate,)
    assert cfg.train_on_inputs is False, "the prompt must be masked"
    tokenizer = load_tokenizer(cfg)
    dataset = load_datasets(cfg=cfg).train_dataset
    example = dataset[0]
    ids, labels = example["input_ids"], example["labels"]
    first = next(index for index, label in enumerate(labels) if label != -100)
    masked, trained = tokenizer.decode(ids[:first]), tokenizer.decode(ids[first:])
    assert masked.endswith(RESPONSE_MARKER), "the masked part ends %r" % masked[-40:]
    assert all(label != -100 for label in labels[first:]), "a response token is masked"
    assert ids[-1] == tokenizer.eos_token_id, "the response does not end with EOS"
    print("%s: %d rows, lr %r, %s, warm-up %d, epochs %g, accumulation %d x micro %d, sequence %d, "
          "prompt masked (%d tokens), response trained (%d tokens, ends with %s)"
          % (name, len(dataset), cfg.learning_rate, cfg.optimizer, cfg.warmup_steps, cfg.num_epochs,
             cfg.gradient_accumulation_steps, cfg.micro_batch_size, cfg.sequence_len, first, len(ids) - first,
             tokenizer.eos_token))
    previous = cfg
