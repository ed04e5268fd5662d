"""Sources/Pipelines/Training/Python/trainer.py: the parts that need no torch (batch plan, rows in
each prompt format, reading phase files, checkpoints a resume may trust, the resume fingerprint,
clear errors before any work), run with the system Python; and, where the train environment
exists (~/.cache/inverse-instruct/train-venv, made by `inverse-instruct models prepare-trainer`),
TRL's masking of a tokenized example in both prompt formats with a tiny tokenizer."""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import types
import unittest

from support import REPOSITORY, command, source

PROGRAM = "Pipelines/Training/Python/trainer.py"


def load_trainer():
    module = types.ModuleType("trainer")
    exec(compile(source(PROGRAM), PROGRAM, "exec"), module.__dict__)
    return module


trainer = load_trainer()


def train_python():
    if os.environ.get("INVERSE_INSTRUCT_TRAIN_PYTHON"):
        return os.environ["INVERSE_INSTRUCT_TRAIN_PYTHON"]
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(root, "inverse-instruct", "train-venv", "bin", "python")
    return path if os.path.exists(path) else None


class BatchPlanTests(unittest.TestCase):
    def test_the_paper_batch_through_accumulation(self):
        # 2000 examples, effective 512 = 4 per pass x 128 accumulation steps; 4 steps an epoch.
        self.assertEqual(trainer.batch_plan(2000, 512, 4, 1), (128, 512, 4))

    def test_a_smaller_phase_gets_a_smaller_batch(self):
        self.assertEqual(trainer.batch_plan(12, 512, 4, 1), (3, 12, 1))

    def test_many_processes_share_the_batch(self):
        # 8 GPUs x 4 = 32 per pass; 512 / 32 = 16 accumulation steps.
        self.assertEqual(trainer.batch_plan(100000, 512, 4, 8), (16, 512, 196))

    def test_fewer_examples_than_one_pass(self):
        self.assertEqual(trainer.batch_plan(3, 512, 4, 1), (1, 4, 1))


class WarmupWarningTests(unittest.TestCase):
    def test_a_phase_shorter_than_the_warmup_is_named_with_its_peak(self):
        message = trainer.warmup_warning("generated", 3, 15, 5e-5)
        self.assertIn("phase generated has 3 optimizer steps, fewer than the 15 warm-up steps", message)
        self.assertIn("peaks near 1.0e-05 instead of 5.0e-05", message)

    def test_a_phase_as_long_as_the_warmup_is_fine(self):
        self.assertIsNone(trainer.warmup_warning("original", 15, 15, 5e-5))
        self.assertIsNone(trainer.warmup_warning("original", 400, 15, 5e-5))


class RowTests(unittest.TestCase):
    def test_chat_rows_are_conversational_prompt_completion(self):
        rows = trainer.phase_rows(2, [("Add two numbers.", "```python\nadd\n```")], "chat")
        self.assertEqual(rows, [{"prompt": [{"role": "user", "content": "Add two numbers."}],
                                 "completion": [{"role": "assistant", "content": "```python\nadd\n```"}],
                                 "example_id": "2:0"}])

    def test_magicoder_rows_carry_the_template(self):
        row = trainer.phase_rows(1, [("Sort a list.", "sorted(x)")], "magicoder")[0]
        self.assertEqual(row["prompt"], trainer.MAGICODER_SYSTEM + "\n\n@@ Instruction\nSort a list.\n\n@@ Response\n")
        self.assertEqual(row["completion"], "sorted(x)")
        self.assertEqual(row["example_id"], "1:0")


class ReadPairsTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)

    def write(self, text):
        path = os.path.join(self.directory.name, "phase.jsonl")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_reads_pairs_and_skips_blank_lines(self):
        path = self.write('{"instruction": "a", "response": "b", "provenance": {}}\n\n{"instruction": "c", "response": "d"}\n')
        self.assertEqual(trainer.read_pairs(path), [("a", "b"), ("c", "d")])

    def test_a_bad_line_is_named(self):
        path = self.write('{"instruction": "a", "response": "b"}\n{"instruction": "a"}\n')
        with self.assertRaisesRegex(ValueError, r"phase.jsonl:2: needs string fields"):
            trainer.read_pairs(path)


class CheckpointTests(unittest.TestCase):
    def test_only_checkpoints_marked_complete_are_trusted(self):
        with tempfile.TemporaryDirectory() as directory:
            for number, complete in ((2, True), (4, True), (6, False)):
                path = os.path.join(directory, "checkpoint-%d" % number)
                os.mkdir(path)
                if complete:
                    open(os.path.join(path, trainer.COMPLETE_MARKER), "w").close()
            os.mkdir(os.path.join(directory, "checkpoint-x"))
            self.assertEqual(trainer.last_complete_checkpoint(directory), os.path.join(directory, "checkpoint-4"))
            self.assertIsNone(trainer.last_complete_checkpoint(os.path.join(directory, "absent")))

    def test_the_fingerprint_follows_data_and_settings(self):
        with tempfile.TemporaryDirectory() as directory:
            data = os.path.join(directory, "p1.jsonl")
            with open(data, "w") as f:
                f.write('{"instruction": "a", "response": "b"}\n')
            config = {"base": "/m", "phases": [{"name": "g", "epochs": 1, "file": data}], "prompt_format": "chat",
                      "learning_rate": 5e-5, "save_every": 10}
            first = trainer.fingerprint(json.loads(json.dumps(config)))
            self.assertEqual(first, trainer.fingerprint(dict(json.loads(json.dumps(config)), save_every=99)))
            self.assertNotEqual(first, trainer.fingerprint(dict(json.loads(json.dumps(config)), learning_rate=1e-4)))
            with open(data, "a") as f:
                f.write('{"instruction": "c", "response": "d"}\n')
            self.assertNotEqual(first, trainer.fingerprint(json.loads(json.dumps(config))))


class PrecisionTests(unittest.TestCase):
    def cpuinfo(self, text):
        path = os.path.join(tempfile.mkdtemp(), "cpuinfo")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_the_cpu_flags_that_mean_native_bf16(self):
        self.assertTrue(trainer.cpu_has_bf16(self.cpuinfo("processor\t: 0\nflags\t\t: fpu avx512f avx512_bf16 amx_tile\n")))
        self.assertTrue(trainer.cpu_has_bf16(self.cpuinfo("processor\t: 0\nflags\t\t: fpu amx_bf16\n")))
        self.assertTrue(trainer.cpu_has_bf16(self.cpuinfo("processor\t: 0\nFeatures\t: fp asimd sve bf16 i8mm\n")))
        self.assertFalse(trainer.cpu_has_bf16(self.cpuinfo("processor\t: 0\nflags\t\t: fpu avx2 avx512f\n")))
        self.assertFalse(trainer.cpu_has_bf16("/absent/cpuinfo"))

    def test_auto_is_bf16_autocast_where_the_hardware_computes_in_bf16(self):
        auto = {"precision": "auto"}
        self.assertEqual(trainer.precision_flags(auto, on_gpu=False, cpu_bf16=True),
                         ({"bf16": True, "fp16": False}, "bf16", False))
        self.assertEqual(trainer.precision_flags(auto, on_gpu=False, cpu_bf16=False)[1], "fp32")
        self.assertEqual(trainer.precision_flags(auto, on_gpu=True, gpu_bf16=True)[1:], ("bf16", False))
        self.assertEqual(trainer.precision_flags(auto, on_gpu=True, gpu_bf16=False)[1], "fp32")
        # Only frozen LoRA bases are held in bf16; a full fine-tune keeps fp32 weights.
        self.assertEqual(trainer.precision_flags({"precision": "bf16", "lora": {"r": 8}}, on_gpu=True)[2], True)
        self.assertEqual(trainer.precision_flags({"precision": "bf16", "lora": {"r": 8}}, on_gpu=False)[2], False)
        self.assertEqual(trainer.precision_flags({"precision": "fp32"}, on_gpu=False, cpu_bf16=True)[1], "fp32")


class PrepareErrorTests(unittest.TestCase):
    """Bad input is a clear error (an `error` event and exit 1) before anything heavy is imported."""

    def run_prepare(self, base):
        with tempfile.TemporaryDirectory() as directory:
            config = os.path.join(directory, "config.json")
            with open(config, "w") as f:
                json.dump({"base": base, "output": directory, "prompt_format": "chat", "phases": []}, f)
            result = subprocess.run(command(PROGRAM, "prepare", config, isolated=False), capture_output=True, text=True)
        events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        return result.returncode, events

    def test_missing_base(self):
        status, events = self.run_prepare("/nonexistent/model.gguf")
        self.assertEqual(status, 1)
        self.assertEqual(events[-1]["event"], "error")
        self.assertIn("does not exist", events[-1]["message"])

    def test_a_file_that_is_not_gguf(self):
        with tempfile.NamedTemporaryFile(suffix=".gguf") as f:
            f.write(b"not a model")
            f.flush()
            status, events = self.run_prepare(f.name)
        self.assertEqual(status, 1)
        self.assertIn("neither a GGUF file nor a Hugging Face model directory", events[-1]["message"])

    def test_a_directory_without_config(self):
        with tempfile.TemporaryDirectory() as directory:
            status, events = self.run_prepare(directory)
        self.assertEqual(status, 1)
        self.assertIn("without config.json", events[-1]["message"])

    def test_usage(self):
        result = subprocess.run(command(PROGRAM, "fly"), capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)

    def test_not_enough_disk(self):
        # A GGUF whose tensors (as counted) would need far more disk than there is.
        module = load_trainer()
        module.count_parameters = lambda base: 10 ** 14
        with tempfile.TemporaryDirectory() as directory:
            base = os.path.join(directory, "big.gguf")
            with open(base, "wb") as f:
                f.write(b"GGUF" + bytes(16))
            lines = []
            module.emit = lambda event, **fields: lines.append(dict(fields, event=event))
            with self.assertRaises(SystemExit) as stopped:
                module.prepare({"base": base, "output": os.path.join(directory, "out"), "prompt_format": "chat",
                                "phases": [], "lora": None})
        self.assertEqual(stopped.exception.code, 1)
        self.assertRegex(lines[-1]["message"], r"not enough disk at .*: training .* needs about [0-9.]+ GB, [0-9.]+ GB free")
        self.assertFalse(os.path.exists(os.path.join(directory, "out", "base-model")))


MASKING_PROBE = textwrap.dedent('''
    import json, sys, types
    from datasets import Dataset
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    from trl import SFTConfig, SFTTrainer
    trainer = types.ModuleType("trainer")
    exec(open(sys.argv[1]).read(), trainer.__dict__)
    words = ["<pad>", "<eos>", "<|im_start|>", "<|im_end|>"] + sorted(set(
        "you are an exceptionally intelligent coding assistant that consistently delivers accurate and reliable "
        "responses to user instructions . @@ instruction response add two numbers return a + b user assistant "
        "\\n system".split(" ")))
    vocabulary = {word: index for index, word in enumerate(words)}
    core = Tokenizer(models.WordLevel(vocab=vocabulary, unk_token="<pad>"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, eos_token="<|im_end|>" if sys.argv[2] == "chat" else "<eos>",
                                        pad_token="<pad>")
    tokenizer.chat_template = ("{% for m in messages %}<|im_start|> {{ m['role'] }} {{ m['content'] }} <|im_end|> "
                               "{% endfor %}{% if add_generation_prompt %}<|im_start|> assistant {% endif %}")
    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(words), hidden_size=16, intermediate_size=32,
                                         num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2))
    rows = trainer.phase_rows(1, [("add two numbers", "return a + b"), ("return a", "a + b + a + b")], sys.argv[2])
    for row in rows:
        row.pop("example_id")
    args = SFTConfig(output_dir=sys.argv[3], use_cpu=True, bf16=False, report_to=[], completion_only_loss=True,
                     max_length=64)
    sft = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tokenizer)
    example = sft.train_dataset[0]
    # One padded batch of both examples: TRL's fused loss and the model's own loss trainer.py uses on a CPU.
    batch = sft.data_collator([sft.train_dataset[0], sft.train_dataset[1]])
    count = int((batch["labels"][:, 1:] != -100).sum())
    fused = float(sft.compute_loss(model, dict(batch), num_items_in_batch=count))
    own = float(trainer.model_loss(sft, model, dict(batch), num_items_in_batch=count))
    print(json.dumps({"input": tokenizer.convert_ids_to_tokens(example["input_ids"]),
                      "trained": tokenizer.convert_ids_to_tokens([t for t, l in zip(example["input_ids"], example["labels"]) if l != -100]),
                      "padded": bool((batch["attention_mask"] == 0).any()), "fused_loss": fused, "model_loss": own}))
''')


@unittest.skipUnless(train_python(), "the train environment is not created (inverse-instruct models prepare-trainer)")
class MaskingTests(unittest.TestCase):
    """TRL, as trainer.py configures it, puts the loss on the response and its EOS only."""

    def probe(self, prompt_format):
        with tempfile.TemporaryDirectory() as directory:
            script = os.path.join(directory, "trainer.py")
            with open(script, "w") as f:
                f.write(source(PROGRAM))
            result = subprocess.run([train_python(), "-c", MASKING_PROBE, script, prompt_format, directory],
                                    capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_chat_template(self):
        tokens = self.probe("chat")
        self.assertEqual(tokens["trained"][:4], ["return", "a", "+", "b"])
        self.assertIn("<|im_end|>", tokens["trained"])
        self.assertNotIn("add", tokens["trained"])
        self.assertEqual(tokens["input"][:2], ["<|im_start|>", "user"])

    def test_the_models_own_loss_is_trls_fused_loss(self):
        for prompt_format in ("chat", "magicoder"):
            tokens = self.probe(prompt_format)
            self.assertTrue(tokens["padded"])
            self.assertAlmostEqual(tokens["model_loss"], tokens["fused_loss"], places=5)

    def test_magicoder_template_appends_eos(self):
        tokens = self.probe("magicoder")
        self.assertEqual(tokens["trained"], ["return", "a", "+", "b", "<eos>"])
        self.assertIn("@@", tokens["input"])


if __name__ == "__main__":
    unittest.main()
