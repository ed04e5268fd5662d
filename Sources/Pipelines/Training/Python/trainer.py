# The trainer `inverse-instruct train` runs: the InverseCoder paper's two-phase fine-tune on
# Hugging Face TRL's `SFTTrainer`, in the tool's private train environment (train-venv).
#
#   trainer.py prepare CONFIG   check the base model and the disk, and turn a GGUF base into an
#                               unquantized Hugging Face model (single process, before a launch)
#   trainer.py train CONFIG     the phases in order (also under `accelerate launch`)
#
# CONFIG is the JSON file `Training/TrainingConfiguration.swift` writes. Events go to stdout as
# one JSON object a line (`{"event": "step", ...}`), for the tool's progress line and summary;
# libraries' chatter goes to stderr.
#
# The recipe (DESIGN.md): phase 1, the self-generated pairs, 1 epoch; then phase 2, the original
# pairs, 2 epochs, starting from the base model. Each phase is its own `SFTTrainer` run over its
# own data (shuffled within the phase, never across), its own Adafactor state and its own
# schedule (warm-up, then linear decay to zero): the paper trained the two phases as two
# fine-tunes, and phase 2 then is exactly the baseline's recipe run from the phase-1 model.
# Loss on response tokens only (TRL's prompt-completion masking), EOS appended to every
# response (TRL for a plain prompt; the chat template's end-of-turn for chat), effective batch
# through gradient accumulation.
#
# A killed run resumes: every `save_every` steps (and at each phase's end) a checkpoint is
# written and marked complete only after it is whole; `OUTPUT/checkpoints/progress.json`
# records the finished phases.
#
# Embedded in the executable at build time (Package.swift, `.embedInCode`) and written to
# OUTPUT/.inverse-instruct/trainer.py, so `accelerate launch` can start it by path.
# Tests: Tests/Python/test_trainer.py.

import hashlib
import json
import math
import os
import shutil
import sys
import time

MAGICODER_SYSTEM = ("You are an exceptionally intelligent coding assistant that consistently delivers accurate "
                    "and reliable responses to user instructions.")
COMPLETE_MARKER = "inverse-instruct-complete"


# ----------------------------------------------------------------------------- small pieces

def emit(event, **fields):
    """One event line on stdout (rank 0 only, under a launcher)."""
    if rank() != 0:
        return
    sys.stdout.write(json.dumps(dict(event=event, **fields), sort_keys=True) + "\n")
    sys.stdout.flush()


def rank():
    return int(os.environ.get("RANK", "0"))


def world_size():
    return int(os.environ.get("WORLD_SIZE", "1"))


def fail(message):
    emit("error", message=message)
    sys.stderr.write("error: " + message + "\n")
    sys.exit(1)


def write_json_atomically(path, value):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(temporary, path)


def read_pairs(path):
    """The instruction-response JSON Lines the run writes (`train/phase*-*.instruction-response.jsonl`)."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                raise ValueError("%s:%d: not JSON (%s)" % (path, number, error))
            instruction, response = record.get("instruction"), record.get("response")
            if not isinstance(instruction, str) or not isinstance(response, str):
                raise ValueError("%s:%d: needs string fields `instruction` and `response`" % (path, number))
            pairs.append((instruction, response))
    return pairs


def magicoder_prompt(instruction):
    return "%s\n\n@@ Instruction\n%s\n\n@@ Response\n" % (MAGICODER_SYSTEM, instruction)


def phase_rows(phase_index, pairs, prompt_format):
    """The rows SFTTrainer reads: prompt-completion, conversational for the chat template.
    `example_id` ("PHASE:INDEX") travels to the collator, which logs the order of training."""
    rows = []
    for index, (instruction, response) in enumerate(pairs):
        if prompt_format == "magicoder":
            row = {"prompt": magicoder_prompt(instruction), "completion": response}
        else:
            row = {"prompt": [{"role": "user", "content": instruction}],
                   "completion": [{"role": "assistant", "content": response}]}
        row["example_id"] = "%d:%d" % (phase_index, index)
        rows.append(row)
    return rows


def batch_plan(examples, batch_size, micro_batch_size, processes):
    """Gradient accumulation for an effective batch of `batch_size` (smaller when the phase has
    fewer examples): (accumulation steps, effective batch, optimizer steps per epoch)."""
    per_pass = micro_batch_size * processes
    wanted = max(1, min(batch_size, examples))
    accumulation = max(1, wanted // per_pass)
    effective = accumulation * per_pass
    micro_batches = math.ceil(examples / per_pass)
    steps_per_epoch = max(1, math.ceil(micro_batches / accumulation))
    return accumulation, effective, steps_per_epoch


def warmup_warning(name, steps, warmup_steps, learning_rate):
    """A phase shorter than the warm-up never reaches its learning rate (the schedule restarts
    per phase): say so, with the peak it does reach, instead of training weakly in silence."""
    if steps >= warmup_steps:
        return None
    return ("phase %s has %d optimizer step%s, fewer than the %d warm-up steps: its learning rate peaks "
            "near %.1e instead of %.1e (more data, a smaller --batch-size or fewer --warmup-steps fix it)"
            % (name, steps, "" if steps == 1 else "s", warmup_steps, learning_rate * steps / warmup_steps,
               learning_rate))


def fingerprint(config):
    """What a resumed run must share with the run that wrote the checkpoints."""
    keys = ["base", "phases", "prompt_format", "learning_rate", "warmup_steps", "batch_size", "micro_batch_size",
            "max_length", "seed", "max_steps", "lora", "precision"]
    material = {key: config.get(key) for key in keys}
    for phase in material["phases"] or []:
        with open(phase["file"], "rb") as f:
            phase["sha256"] = hashlib.sha256(f.read()).hexdigest()
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def last_complete_checkpoint(directory):
    """The newest `checkpoint-N` with our completion marker (a kill mid-save leaves a partial one)."""
    if not os.path.isdir(directory):
        return None
    best = None
    for name in os.listdir(directory):
        if not name.startswith("checkpoint-"):
            continue
        path = os.path.join(directory, name)
        try:
            number = int(name.split("-", 1)[1])
        except ValueError:
            continue
        if os.path.exists(os.path.join(path, COMPLETE_MARKER)) and (best is None or number > best[0]):
            best = (number, path)
    return best[1] if best else None


def is_gguf(path):
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        return f.read(4) == b"GGUF"


def free_bytes(path):
    while not os.path.exists(path):
        path = os.path.dirname(path) or "."
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def disk_needed(parameters, config):
    """Bytes the run writes at its peak: the converted base (fp32, GGUF only), two checkpoints
    of model + optimizer in flight, the phase model, the final model and the GGUF export."""
    weights = parameters * 4
    total = weights * 2 if config.get("lora") is None else weights  # checkpoints: model (adapter only with LoRA)
    total += weights  # the finished phase's model
    total += weights  # OUTPUT/model
    total += parameters * 2  # the f16 GGUF
    if is_gguf(config["base"]):
        total += weights
    return total


# ----------------------------------------------------------------------------- prepare

def count_parameters(base):
    if is_gguf(base):
        from gguf import GGUFReader
        reader = GGUFReader(base)
        return int(sum(int(tensor.n_elements) for tensor in reader.tensors))
    from transformers import AutoConfig, AutoModelForCausalLM
    import torch
    config = AutoConfig.from_pretrained(base)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    return int(sum(p.numel() for p in model.parameters()))


def base_model_directory(config):
    """The Hugging Face directory training starts from: the base itself, or the GGUF converted."""
    if is_gguf(config["base"]):
        return os.path.join(config["output"], "base-model")
    return config["base"]


def convert_gguf(gguf_path, directory):
    """transformers reads a GGUF and dequantizes it, but marks the model quantized, and the
    Trainer (and save_pretrained) refuse such a model: build a fresh one from its config without
    `quantization_config`, load the weights, save both with the tokenizer."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    folder, name = os.path.split(os.path.abspath(gguf_path))
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    settings = loaded.config.to_dict()
    settings.pop("quantization_config", None)
    fresh_config = type(loaded.config).from_dict(settings)
    model = AutoModelForCausalLM.from_config(fresh_config, dtype=torch.float32)
    result = model.load_state_dict(loaded.state_dict(), strict=False)
    if result.unexpected_keys or [k for k in result.missing_keys if "lm_head" not in k]:
        raise ValueError("the GGUF's tensors do not fit the model its config describes: missing %s, unexpected %s"
                         % (result.missing_keys[:5], result.unexpected_keys[:5]))
    model.tie_weights()
    temporary = directory + ".partial"
    shutil.rmtree(temporary, ignore_errors=True)
    model.save_pretrained(temporary)
    tokenizer.save_pretrained(temporary)
    shutil.rmtree(directory, ignore_errors=True)
    os.replace(temporary, directory)


def prepare(config):
    base = config["base"]
    if not os.path.exists(base):
        fail("base model %s does not exist" % base)
    if os.path.isdir(base) and not os.path.exists(os.path.join(base, "config.json")):
        fail("base model %s is a directory without config.json: not a Hugging Face model directory" % base)
    if os.path.isfile(base) and not is_gguf(base):
        fail("base model %s is neither a GGUF file nor a Hugging Face model directory" % base)
    try:
        parameters = count_parameters(base)
    except Exception as error:  # the library's own words say what is wrong with the file
        fail("cannot read the base model %s: %s" % (base, error))
    needed = disk_needed(parameters, config)
    available = free_bytes(config["output"])
    if needed > available:
        fail("not enough disk at %s: training %s (%.0fM parameters) needs about %.1f GB, %.1f GB free"
             % (config["output"], base, parameters / 1e6, needed / 1e9, available / 1e9))
    directory = base_model_directory(config)
    converted = False
    if directory != base and not os.path.exists(os.path.join(directory, "config.json")):
        started = time.time()
        try:
            convert_gguf(base, directory)
        except Exception as error:
            fail("cannot turn the GGUF %s into a trainable model: %s" % (base, error))
        converted = True
        emit("converted", seconds=round(time.time() - started, 1), directory=directory)
    try:
        from transformers import AutoTokenizer
        tokenizer = AutoTokenizer.from_pretrained(directory)
    except Exception as error:
        fail("cannot read the tokenizer of %s: %s" % (directory, error))
    if config["prompt_format"] == "chat" and not tokenizer.chat_template:
        fail("the base model %s has no chat template; use --prompt-format magicoder" % base)
    emit("prepared", parameters=parameters, disk_needed=needed, disk_free=available, base_directory=directory,
         converted=converted)


# ----------------------------------------------------------------------------- train

def cpu_has_bf16(cpuinfo="/proc/cpuinfo"):
    """Whether the CPU computes in bf16 natively (x86 AVX-512 BF16 or AMX, Arm's BF16 extension).
    With it, bf16 autocast trained 1.66x faster than fp32 on the 2-core AVX-512 BF16 machine we
    measured (README, "Speed"); without it, the arithmetic is converted to fp32 and nothing is
    gained."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            if {"avx512_bf16", "amx_bf16", "bf16"} & set(value.split()):
                return True
    return False


def precision_flags(config, on_gpu, gpu_bf16=False, cpu_bf16=None):
    """(TrainingArguments flags, the precision chosen, whether the weights load in bf16).
    `auto` is bf16 on a GPU that has it and on a CPU that computes in bf16, else fp32. bf16 is
    autocast over fp32 weights: Adafactor's updates at lr 5e-5 are below bf16's resolution for
    most weights, so a model held in bf16 would drop them. Only LoRA on a GPU loads the base in
    bf16, since its weights are frozen and the adapters stay fp32."""
    precision = config.get("precision", "auto")
    if precision == "auto":
        native = gpu_bf16 if on_gpu else (cpu_has_bf16() if cpu_bf16 is None else cpu_bf16)
        precision = "bf16" if native else "fp32"
    flags = {"bf16": precision == "bf16", "fp16": precision == "fp16"}
    return flags, precision, flags["bf16"] and on_gpu and bool(config.get("lora"))


def model_loss(trainer, model, inputs, return_outputs=False, num_items_in_batch=None):
    """The model's own loss (the full logits, cross-entropy over the response tokens, divided by
    their count in the optimizer batch) instead of TRL's fused LM head. The fused head spares GPU
    memory by never holding the logits, but off Triton devices it scores every position and
    recomputes the head in the backward pass: on a CPU the model's own loss, the same value, ran
    1.2x faster (README, "Speed"). TRL's entropy and token-accuracy metrics are not computed."""
    from transformers import Trainer
    return Trainer.compute_loss(trainer, model, inputs, return_outputs, num_items_in_batch)


def build_trainer(config, phase_index, phase, model_path, phase_directory, log):
    """One phase's SFTTrainer, configured for speed where TRL's defaults cost (see README,
    "Speed"): no gradient checkpointing unless asked, bf16 autocast only where the hardware
    computes in bf16, the model's own loss on a CPU, no dataloader workers or pinned memory on a
    CPU, tokenization in-process."""
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
    from trl import SFTConfig, SFTTrainer

    pairs = read_pairs(phase["file"])
    if not pairs:
        raise ValueError("phase %d (%s) has no examples: %s" % (phase_index, phase["name"], phase["file"]))
    micro = config["micro_batch_size"]
    accumulation, effective, steps_per_epoch = batch_plan(len(pairs), config["batch_size"], micro, world_size())
    planned_steps = config.get("max_steps") or steps_per_epoch * phase["epochs"]
    warning = warmup_warning(phase["name"], planned_steps, config["warmup_steps"], config["learning_rate"])
    on_gpu = torch.cuda.is_available()
    flags, precision, bf16_weights = precision_flags(config, on_gpu, on_gpu and torch.cuda.is_bf16_supported())
    save_every = config.get("save_every") or 0
    arguments = SFTConfig(
        output_dir=phase_directory,
        num_train_epochs=phase["epochs"],
        max_steps=config["max_steps"] if config.get("max_steps") else -1,
        per_device_train_batch_size=micro,
        gradient_accumulation_steps=accumulation,
        learning_rate=config["learning_rate"],
        lr_scheduler_type="linear",
        warmup_steps=config["warmup_steps"],
        optim="adafactor",
        weight_decay=0.0,
        max_grad_norm=config.get("max_grad_norm", 1.0),
        max_length=config["max_length"],
        completion_only_loss=True,
        activation_checkpointing=bool(config.get("gradient_checkpointing")),
        use_cpu=not on_gpu,
        dataloader_num_workers=0,
        dataloader_pin_memory=on_gpu,
        seed=config["seed"],
        data_seed=config["seed"] + phase_index,
        logging_steps=1,
        logging_first_step=True,
        save_strategy="steps" if save_every else "no",
        save_steps=save_every or 500,
        save_total_limit=2,
        report_to=[],
        disable_tqdm=True,
        remove_unused_columns=True,
        **flags,
    )
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(model_path, dtype=torch.bfloat16 if bf16_weights else torch.float32)
    peft_config = None
    if config.get("lora"):
        from peft import LoraConfig
        lora = config["lora"]
        peft_config = LoraConfig(r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
                                 target_modules="all-linear", task_type="CAUSAL_LM")

    dataset = Dataset.from_list(phase_rows(phase_index, pairs, config["prompt_format"]))

    class Trainer(SFTTrainer):
        # Keep `example_id` past the column filter so the collator can log the training order.
        def _set_signature_columns_if_needed(self):
            super()._set_signature_columns_if_needed()
            if "example_id" not in self._signature_columns:
                self._signature_columns = list(self._signature_columns) + ["example_id"]

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if on_gpu:
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            return model_loss(self, model, inputs, return_outputs, num_items_in_batch)

        # Tokens trained on, counted where a micro-batch is trained (the loader runs one ahead).
        def training_step(self, model, inputs, *args, **kwargs):
            mask = inputs.get("attention_mask")
            log.count_tokens(int(mask.sum()) if mask is not None else int(inputs["input_ids"].numel()))
            return super().training_step(model, inputs, *args, **kwargs)

    trainer = Trainer(model=model, args=arguments, train_dataset=dataset, processing_class=tokenizer,
                      peft_config=peft_config)
    trainer.data_collator = OrderLoggingCollator(trainer.data_collator, phase_index, log)
    # Transformers prints every log dict to stdout without a progress bar; stdout is for our events.
    from transformers.trainer_callback import PrinterCallback
    trainer.remove_callback(PrinterCallback)

    class Progress(TrainerCallback):
        def __init__(self):
            self.started = None
            self.first_step = None
            self.tokens_at_start = 0
            self.last_loss = None

        def on_train_begin(self, args, state, control, **kwargs):
            self.started = time.time()
            self.first_step = state.global_step
            # This phase's rate: a resumed phase starts from its checkpoint's count.
            self.tokens_at_start = log.tokens
            emit("phase", phase=phase_index, name=phase["name"], epochs=phase["epochs"], examples=len(pairs),
                 steps=state.max_steps, effective_batch=effective, accumulation=accumulation,
                 resumed_at=state.global_step, precision=precision)
            if warning:
                emit("warning", phase=phase_index, message=warning)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                self.last_loss = float(logs["loss"])
                elapsed = time.time() - self.started
                done = state.global_step - self.first_step
                eta = elapsed / done * (state.max_steps - state.global_step) if done > 0 else None
                step = dict(phase=phase_index, phases=len(config["phases"]), step=state.global_step, steps=state.max_steps,
                            loss=self.last_loss, tokens=log.tokens,
                            tokens_per_second=round((log.tokens - self.tokens_at_start) / elapsed, 1) if elapsed else None,
                            learning_rate=logs.get("learning_rate"), eta_seconds=round(eta, 1) if eta is not None else None)
                log.step(step)
                emit("step", **step)

        def on_save(self, args, state, control, **kwargs):
            # Called once the checkpoint is whole: only then does a resume trust it.
            if rank() == 0:
                path = os.path.join(args.output_dir, "checkpoint-%d" % state.global_step)
                if os.path.isdir(path):
                    with open(os.path.join(path, COMPLETE_MARKER), "w") as f:
                        f.write(json.dumps({"tokens": log.tokens, "loss": self.last_loss}) + "\n")
                    emit("checkpoint", phase=phase_index, step=state.global_step, path=path)

    if rank() == 0:
        write_tokenized_example(trainer, phase_index, log)
    progress = Progress()
    trainer.add_callback(progress)
    plan = {"examples": len(pairs), "effective_batch": effective, "accumulation": accumulation,
            "steps_per_epoch": steps_per_epoch, "precision": precision}
    if warning:
        plan["warning"] = warning
    return trainer, progress, plan


def write_tokenized_example(trainer, phase_index, log):
    """OUTPUT/logs/tokenized-phase-N.json: the phase's first example as the trainer will see it,
    with the text under the loss (labels not -100) and the text masked out, to check by eye or test."""
    example = trainer.train_dataset[0]
    tokenizer = trainer.processing_class
    ids, labels = list(example["input_ids"]), list(example["labels"])
    masked = [token for token, label in zip(ids, labels) if label == -100]
    trained = [token for token, label in zip(ids, labels) if label != -100]
    record = {"example_id": example.get("example_id"), "input_ids": ids, "labels": labels,
              "masked_text": tokenizer.decode(masked), "trained_text": tokenizer.decode(trained),
              "eos_token": tokenizer.eos_token, "eos_token_id": tokenizer.eos_token_id}
    write_json_atomically(os.path.join(os.path.dirname(log.path), "tokenized-phase-%d.json" % phase_index), record)


class OrderLoggingCollator:
    """Wraps TRL's collator: drops `example_id` from each example, appends the ids of every
    micro-batch to OUTPUT/logs/order.jsonl, and counts the tokens trained on."""

    def __init__(self, inner, phase_index, log):
        self.inner = inner
        self.phase_index = phase_index
        self.log = log

    def __call__(self, examples):
        ids = [example.pop("example_id") for example in examples]
        self.log.record(self.phase_index, ids)
        return self.inner(examples)


class TrainingLog:
    """OUTPUT/logs/order.jsonl (one line per micro-batch: phase, rank, example ids) and token counts."""

    def __init__(self, path):
        self.path = path
        self.tokens = 0
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.file = open(path, "a", encoding="utf-8")

    def step(self, record):
        """OUTPUT/logs/steps.jsonl: every optimizer step's loss, learning rate and tokens (rank 0)."""
        if rank() == 0:
            with open(os.path.join(os.path.dirname(self.path), "steps.jsonl"), "a", encoding="utf-8") as f:
                f.write(json.dumps(dict(record, time=round(time.time(), 3)), sort_keys=True) + "\n")

    def count_tokens(self, tokens):
        self.tokens += tokens * world_size()

    def record(self, phase_index, ids):
        self.file.write(json.dumps({"phase": phase_index, "rank": rank(), "examples": ids}) + "\n")
        self.file.flush()


def save_model(trainer, directory, merge_lora):
    """The phase's model, whole, in Hugging Face format (LoRA adapters merged in)."""
    temporary = directory + ".partial"
    if rank() == 0:
        shutil.rmtree(temporary, ignore_errors=True)
    if merge_lora:
        model = trainer.accelerator.unwrap_model(trainer.model)
        if rank() == 0:
            merged = model.merge_and_unload()
            merged.save_pretrained(temporary)
    else:
        trainer.save_model(temporary)
    trainer.accelerator.wait_for_everyone()
    if rank() == 0:
        trainer.processing_class.save_pretrained(temporary)
        shutil.rmtree(directory, ignore_errors=True)
        os.replace(temporary, directory)
    trainer.accelerator.wait_for_everyone()


def train(config):
    import logging
    import transformers
    transformers.utils.logging.set_verbosity_warning()
    logging.getLogger("transformers").setLevel(logging.WARNING)

    output = config["output"]
    checkpoints = os.path.join(output, "checkpoints")
    os.makedirs(checkpoints, exist_ok=True)
    if rank() == 0:
        # One training per output directory: a second waits until the first has ended (a killed
        # tool's trainer ends within moments, when its stdin closes).
        import fcntl
        global _lock
        _lock = open(os.path.join(checkpoints, ".lock"), "w")
        fcntl.flock(_lock, fcntl.LOCK_EX)
    progress_path = os.path.join(checkpoints, "progress.json")
    stamp = fingerprint(config)
    progress = {"fingerprint": stamp, "phases": []}
    if os.path.exists(progress_path):
        with open(progress_path, encoding="utf-8") as f:
            previous = json.load(f)
        if previous.get("fingerprint") != stamp:
            fail("%s holds a training with other data or settings; use another output directory, or remove %s"
                 % (output, checkpoints))
        progress = previous
        if len(progress["phases"]) == len(config["phases"]) and os.path.exists(os.path.join(output, "model", "config.json")):
            emit("done", model=os.path.join(output, "model"), phases=progress["phases"], seconds=0.0, already=True)
            return
    log = TrainingLog(os.path.join(output, "logs", "order.jsonl"))
    model_path = base_model_directory(config)
    started = time.time()
    for phase_index, phase in enumerate(config["phases"], 1):
        phase_directory = os.path.join(checkpoints, "phase-%d" % phase_index)
        final_directory = os.path.join(phase_directory, "final")
        finished = [p for p in progress["phases"] if p["phase"] == phase_index]
        if finished and os.path.exists(os.path.join(final_directory, "config.json")):
            emit("phase_skipped", phase=phase_index, name=phase["name"], reason="finished before")
            model_path = final_directory
            log.tokens = finished[-1]["tokens_total"]
            continue
        tokens_before = log.tokens
        trainer, callback, plan = build_trainer(config, phase_index, phase, model_path, phase_directory, log)
        resume = last_complete_checkpoint(phase_directory)
        if resume:
            with open(os.path.join(resume, COMPLETE_MARKER), encoding="utf-8") as f:
                log.tokens = json.load(f)["tokens"]
            emit("resume", phase=phase_index, checkpoint=resume)
        phase_started = time.time()
        result = trainer.train(resume_from_checkpoint=resume)
        save_model(trainer, final_directory, merge_lora=bool(config.get("lora")))
        record = dict(plan, phase=phase_index, name=phase["name"], epochs=phase["epochs"],
                      steps=trainer.state.global_step, final_loss=callback.last_loss,
                      train_loss=float(result.training_loss), seconds=round(time.time() - phase_started, 1),
                      tokens=log.tokens - tokens_before, tokens_total=log.tokens, resumed_from=resume)
        progress["phases"].append(record)
        if rank() == 0:
            write_json_atomically(progress_path, progress)
        emit("phase_done", **record)
        model_path = final_directory
        del trainer
    final = os.path.join(output, "model")
    if rank() == 0:
        temporary = final + ".partial"
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.copytree(model_path, temporary)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(temporary, final)
        if not config.get("keep_checkpoints"):
            for phase_index in range(1, len(config["phases"]) + 1):
                phase_directory = os.path.join(checkpoints, "phase-%d" % phase_index)
                for name in os.listdir(phase_directory) if os.path.isdir(phase_directory) else []:
                    if name.startswith("checkpoint-") or name == "final":
                        shutil.rmtree(os.path.join(phase_directory, name), ignore_errors=True)
    emit("done", model=final, phases=progress["phases"], seconds=round(time.time() - started, 1))


def watch_parent():
    """The tool holds our stdin open while it lives: when it is gone (killed, even by SIGKILL),
    stdin ends and so do we, at once (a checkpoint written before stays; a partial one is never
    marked complete)."""
    import threading

    def watch():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except Exception:
            pass
        os._exit(143)

    threading.Thread(target=watch, daemon=True).start()


def main(argv):
    if os.environ.get("INVERSE_INSTRUCT_WATCH_STDIN") == "1":
        watch_parent()
    if len(argv) != 3 or argv[1] not in ("prepare", "train"):
        sys.stderr.write("usage: trainer.py prepare|train CONFIG\n")
        return 2
    with open(argv[2], encoding="utf-8") as f:
        config = json.load(f)
    if argv[1] == "prepare":
        prepare(config)
    else:
        try:
            train(config)
        except ValueError as error:
            fail(str(error))
    return 0


if __name__ == "__main__":
    try:
        status = main(sys.argv)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException as error:  # the traceback goes to the log; the event names the error
        import traceback
        traceback.print_exc()
        emit("error", message="the trainer failed: %s: %s" % (type(error).__name__, error))
        status = 1
    if os.environ.get("INVERSE_INSTRUCT_WATCH_STDIN") == "1":
        # A normal interpreter shutdown trips over the thread blocked on stdin: end at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status or 0)
    sys.exit(status)
