"""Training throughput on this machine, for scripts/bench-train.sh: one variant per call, run in
the train environment's Python, prints one JSON line with tokens/s over the timed steps (every
step after the first, which pays for warm-up).

  bench_train.py bare|bare-bf16 MODEL_DIR PAIRS STEPS BATCH MAX_LENGTH
      a bare PyTorch loop: forward, backward, Adafactor step; the same batches, prompt masked;
      fp32 weights, and for bare-bf16 the forward under bf16 autocast (what Trainer's bf16 does).
  bench_train.py trl VARIANT MODEL_DIR PAIRS STEPS BATCH MAX_LENGTH
      TRL's SFTTrainer as a plain script would configure it (the recipe: Adafactor, lr 5e-5,
      linear schedule, the batch; `use_cpu=True`, which TRL requires here), with VARIANT changing
      one thing at a time from TRL's defaults:
        default       TRL's defaults: gradient checkpointing on, bf16 autocast on
        no-gc         gradient checkpointing off
        fp32          bf16 off
        tool          as `inverse-instruct train` configures it on a CPU that computes in bf16:
                      checkpointing off, bf16 autocast, the model's own loss instead of TRL's
                      fused LM head
        tool-fp32     the same at fp32, as on a CPU without bf16
"""

import json
import sys
import time

import torch


def pairs(path, count):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            rows.append((record["instruction"], record["response"]))
    while len(rows) < count:
        rows = rows + rows
    return rows[:count]


def batches(tokenizer, rows, batch, max_length):
    """Prompt (chat template) + response + end of turn, prompt masked, padded to the longest."""
    examples = []
    for instruction, response in rows:
        prompt = tokenizer.apply_chat_template([{"role": "user", "content": instruction}], tokenize=False,
                                               add_generation_prompt=True)
        full = tokenizer.apply_chat_template([{"role": "user", "content": instruction},
                                              {"role": "assistant", "content": response}], tokenize=False)
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        ids = tokenizer(full, add_special_tokens=False)["input_ids"][:max_length]
        labels = [-100] * min(len(prompt_ids), len(ids)) + ids[len(prompt_ids):]
        examples.append((ids, labels))
    for start in range(0, len(examples), batch):
        group = examples[start:start + batch]
        width = max(len(ids) for ids, _ in group)
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        yield {
            "input_ids": torch.tensor([ids + [pad] * (width - len(ids)) for ids, _ in group]),
            "labels": torch.tensor([labels + [-100] * (width - len(labels)) for _, labels in group]),
            "attention_mask": torch.tensor([[1] * len(ids) + [0] * (width - len(ids)) for ids, _ in group]),
        }


def bare(model_dir, data, steps, batch, max_length, bf16):
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.optimization import Adafactor
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model.train()
    optimizer = Adafactor(model.parameters(), lr=5e-5, scale_parameter=False, relative_step=False, warmup_init=False)
    times, tokens = [], []
    for inputs in list(batches(tokenizer, pairs(data, steps * batch), batch, max_length))[:steps]:
        started = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = model(**inputs).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        times.append(time.perf_counter() - started)
        tokens.append(int(inputs["attention_mask"].sum()))
    return times, tokens


def trl(variant, model_dir, data, steps, batch, max_length):
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
    from trl import SFTConfig, SFTTrainer
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    rows = [{"prompt": [{"role": "user", "content": i}], "completion": [{"role": "assistant", "content": r}]}
            for i, r in pairs(data, steps * batch)]
    settings = dict(output_dir="/tmp/bench-train-trl", max_steps=steps, per_device_train_batch_size=batch,
                    learning_rate=5e-5, optim="adafactor", lr_scheduler_type="linear", warmup_steps=0,
                    max_length=max_length, report_to=[], save_strategy="no", logging_steps=1, use_cpu=True,
                    disable_tqdm=True)
    if variant in ("no-gc", "tool", "tool-fp32"):
        settings["activation_checkpointing"] = False
    if variant in ("fp32", "tool-fp32"):
        settings["bf16"] = False
    if variant in ("tool", "tool-fp32"):
        settings.update(dataloader_num_workers=0, dataloader_pin_memory=False)
    args = SFTConfig(**settings)
    trainer_class = SFTTrainer
    if variant in ("tool", "tool-fp32"):
        from transformers import Trainer

        class ModelLoss(SFTTrainer):
            def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
                return Trainer.compute_loss(self, model, inputs, return_outputs, num_items_in_batch)
        trainer_class = ModelLoss
    trainer = trainer_class(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tokenizer)
    times, tokens = [], []

    class Clock(TrainerCallback):
        def on_step_begin(self, args, state, control, **kwargs):
            self.started = time.perf_counter()

        def on_step_end(self, args, state, control, **kwargs):
            times.append(time.perf_counter() - self.started)

    original = trainer.training_step

    def counting_step(model, inputs, *rest, **kwargs):
        tokens.append(int(inputs["attention_mask"].sum()) if "attention_mask" in inputs else int(inputs["input_ids"].numel()))
        return original(model, inputs, *rest, **kwargs)

    trainer.training_step = counting_step
    trainer.add_callback(Clock())
    trainer.train()
    return times, tokens, "bf16" if args.bf16 else "fp32"


def main(argv):
    if argv[1] in ("bare", "bare-bf16"):
        model_dir, data, steps, batch, max_length = argv[2], argv[3], int(argv[4]), int(argv[5]), int(argv[6])
        bf16 = argv[1] == "bare-bf16"
        times, tokens = bare(model_dir, data, steps, batch, max_length, bf16=bf16)
        name, precision = argv[1], "bf16" if bf16 else "fp32"
    else:
        variant, model_dir, data, steps, batch, max_length = argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]), int(argv[7])
        times, tokens, precision = trl(variant, model_dir, data, steps, batch, max_length)
        name = "trl-" + variant
    timed, counted = times[1:], tokens[1:len(times)]
    print(json.dumps({"variant": name, "precision": precision, "steps": len(times), "seconds_per_step": [round(t, 2) for t in times],
                      "tokens_per_step": tokens, "tokens_per_second": round(sum(counted) / sum(timed), 1)}))


if __name__ == "__main__":
    main(sys.argv)
