"""Peer comparison (not a test): this tool's sample sanitizer against `evalplus.sanitize` 0.3.1
on the same texts. Run with the Python of a venv that has evalplus (compare-evalplus.sh makes
one). For every sample it sanitizes the sample's code (HumanEval `completion`s are prompt +
completion, as evalplus reads them) and three variants a chat model could write: the code inside
a markdown fence with prose around it, the entry point decorated, and prose lines before and
after the code. Prints the number of texts and every one where the two outputs differ.

    python compare_sanitize.py PROBLEMS.jsonl SAMPLES.jsonl [SAMPLES.jsonl ...]
"""

import importlib.util
import json
import pathlib
import sys

from evalplus.sanitize import sanitize as evalplus_sanitize

sys.dont_write_bytecode = True  # no __pycache__ inside Sources/, which SwiftPM would see
HERE = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location(
    "sample_sanitizer", HERE.parent / "Sources/Benchmarks/Python/sample_sanitizer.py")
ours = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ours)


def variants(code):
    yield code
    yield "Here is the solution:\n```python\n" + code + "```\n\nExplanation: the function above does it.\n"
    yield code.replace("def ", "@staticmethod\ndef ", 1)
    yield "Sure! Let's think.\n" + code + "\nThis works because x = y holds for: all inputs.\n"


def main(problems_path, sample_paths):
    problems = {}
    with open(problems_path) as f:
        for line in f:
            record = json.loads(line)
            problems[record["task_id"]] = record
    texts = differ = 0
    for path in sample_paths:
        with open(path) as f:
            for line in f:
                sample = json.loads(line)
                problem = problems[sample["task_id"]]
                code = sample["solution"] if "solution" in sample else problem["prompt"] + sample["completion"]
                for text in variants(code):
                    texts += 1
                    mine = ours.sanitize(text, problem["entry_point"]).strip()
                    theirs = evalplus_sanitize(text, entrypoint=problem["entry_point"]).strip()
                    if mine != theirs:
                        differ += 1
                        print(f"== {sample['task_id']}\n-- input\n{text}\n-- inverse-instruct\n{mine}\n-- evalplus\n{theirs}")
    print(f"sanitize: {texts} texts, {texts - differ} identical, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
