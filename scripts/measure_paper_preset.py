#!/usr/bin/env python3
"""Measures what `--preset paper` changes against the tool's default (issue #15, item 4).

Driven by scripts/measure-paper-preset.sh; three steps:

  prepare IN.json COUNT WORK   Code Alpaca records whose output is Python defining a function
                               (the instruction, and the code as the response) → WORK/pairs.jsonl,
                               and the code alone → WORK/code.jsonl (for `semi`).
  problems WORK                A HumanEval-format judge file, WORK/judge.jsonl: per snippet that
                               `semi` found test inputs for, one problem per condition (the
                               original instruction; the instruction selected by default and by
                               paper; a random usable candidate of each run), with the original's
                               signature, the instruction as the docstring, and asserts that the
                               code returns what the original returned on the Semi-Instruct
                               machinery's validated inputs.
  report WORK                  The figures, as Markdown: LM-score spread, how often selection
                               differs, and the judge's pass rate per condition.

Standard library only.
"""
import ast
import json
import math
import random
import sqlite3
import statistics
import sys
from pathlib import Path

CONDITIONS = ["original", "default", "paper", "default-random", "paper-random"]


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def entry_function(code):
    """The function semi would call: the last top-level def that no other def calls."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if not functions:
        return None
    called = {node.func.id for fn in functions for node in ast.walk(fn)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id != fn.name}
    uncalled = [fn for fn in functions if fn.name not in called]
    return (uncalled or functions)[-1]


def prepare(source, count, work):
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    with open(source, encoding="utf-8") as handle:
        records = json.load(handle)
    pairs, codes = [], []
    for record in records:
        code = (record.get("output") or "").strip()
        if "input(" in code or entry_function(code) is None:
            continue
        instruction = record["instruction"] + ("\n" + record["input"] if record.get("input") else "")
        pairs.append({"instruction": instruction, "response": code})
        codes.append({"code": code})
        if len(pairs) == count:
            break
    write_jsonl(work / "pairs.jsonl", pairs)
    write_jsonl(work / "code.jsonl", codes)
    print(f"{len(pairs)} Python function snippets of {len(records)} records")


def run_candidates(run_dir):
    """snippet id → [(index, instruction, score)] from a run's store (usable candidates only)."""
    db = sqlite3.connect(f"file:{run_dir}/run.sqlite?mode=ro", uri=True)
    scores = {}
    for key, result in db.execute("SELECT key, result FROM unit WHERE stage = 'score' AND status = 'done'"):
        parts = key.split("/")
        scores[(parts[0], int(parts[1]))] = json.loads(result)["score"].get("score")
    candidates = {}
    for key, result in db.execute("SELECT key, result FROM unit WHERE stage = 'summarize' AND status = 'done'"):
        for candidate in json.loads(result)["candidates"]:
            if candidate.get("instruction"):
                sid, index = candidate["snippet_id"], candidate["index"]
                candidates.setdefault(sid, []).append((index, candidate["instruction"], scores.get((sid, index))))
    return candidates


def selections(run_dir):
    chosen = {}
    for record in read_jsonl(Path(run_dir) / "selection.jsonl"):
        if record.get("selected"):
            chosen[record["snippet_id"]] = record["selected"][0]
    return chosen


def docstring(text):
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return "\n".join(("    " + line) if line.strip() else "" for line in text.splitlines())


SAME = '''
def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b
'''


def problems(work):
    work = Path(work)
    snippets = {s["id"]: s for s in read_jsonl(work / "default" / "snippets.jsonl")}
    tests = {}
    for record in read_jsonl(work / "semi.jsonl"):
        usable = []
        for test in record.get("tests", []):
            try:
                ast.literal_eval(test["output"])
                usable.append((test["input"], test["output"]))
            except (KeyError, ValueError, SyntaxError):
                pass
        if len(usable) >= 3:
            tests.setdefault(record["origin_id"], usable)
    runs = {name: (selections(work / name), run_candidates(work / name)) for name in ["default", "paper"]}
    out = []
    for sid, snippet in snippets.items():
        fn = entry_function(snippet["code"])
        if sid not in tests or fn is None or not all(sid in runs[name][0] for name in runs):
            continue
        rng = random.Random(sid)
        instructions = {"original": snippet["instruction"]}
        for name, (chosen, candidates) in runs.items():
            instructions[name] = chosen[sid]["instruction"]
            instructions[name + "-random"] = rng.choice(candidates[sid])[1]
        check = SAME + "\n\ndef check(candidate):\n" + "".join(
            f"    assert _same(candidate({args}), {output})\n" for args, output in tests[sid])
        for condition in CONDITIONS:
            prompt = f'def {fn.name}({ast.unparse(fn.args)}):\n    """\n{docstring(instructions[condition])}\n    """\n'
            out.append({"task_id": f"{condition}/{sid}", "prompt": prompt, "entry_point": fn.name,
                        "canonical_solution": "    raise NotImplementedError\n", "test": check})
    write_jsonl(work / "judge.jsonl", out)
    print(f"{len(out) // len(CONDITIONS)} snippets with tests and a selection in both runs, {len(out)} judge problems")


def spread(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return "none"
    q = lambda p: values[min(len(values) - 1, int(p * (len(values) - 1) + 0.5))]
    return (f"n {len(values)}, min {values[0]:.3f}, p10 {q(0.1):.3f}, median {q(0.5):.3f}, "
            f"p90 {q(0.9):.3f}, max {values[-1]:.3f}, sd {statistics.pstdev(values):.3f}")


def report_text(work):
    work = Path(work)
    lines = ["| | default | paper |", "|---|---|---|"]
    data = {name: (selections(work / name), run_candidates(work / name)) for name in ["default", "paper"]}
    row = lambda label, f: lines.append(f"| {label} | " + " | ".join(f(*data[n]) for n in ["default", "paper"]) + " |")
    row("snippets with a selection", lambda chosen, cands: str(len(chosen)))
    row("usable candidates", lambda chosen, cands: str(sum(len(c) for c in cands.values())))
    row("LM-score, all candidates", lambda chosen, cands: spread(s for c in cands.values() for _, _, s in c))
    row("LM-score, selected", lambda chosen, cands: spread(c.get("lm_score") for c in chosen.values()))
    row("within-snippet score range (median)", lambda chosen, cands: "%.3f" % statistics.median(
        [max(s for _, _, s in c if s is not None) - min(s for _, _, s in c if s is not None)
         for c in cands.values() if sum(s is not None for _, _, s in c) >= 2] or [0]))
    row("selected ≠ candidate 0", lambda chosen, cands: "%.0f%%" % (100 * statistics.mean(
        [1 if chosen[sid]["index"] != 0 else 0 for sid in chosen] or [0])))
    row("all candidates score the same", lambda chosen, cands: "%.0f%%" % (100 * statistics.mean(
        [1 if len({s for _, _, s in c}) == 1 else 0 for sid, c in cands.items() if sid in chosen] or [0])))
    results = work / "judge_results.jsonl"
    if results.exists():
        passed = {}
        for record in read_jsonl(results):
            condition = record["task_id"].split("/")[0]
            passed.setdefault(condition, []).append(1 if record.get("passed") else 0)
        lines += ["", "Judge: the model, given only the instruction (and the original's signature), writes code that "
                  "returns what the original returned on every validated input:", "",
                  "| condition | faithful | of |", "|---|---|---|"]
        for condition in CONDITIONS:
            values = passed.get(condition, [])
            share = f"{100 * sum(values) / len(values):.1f}%" if values else "—"
            lines.append(f"| {condition} | {share} | {len(values)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare" and len(sys.argv) == 5:
        prepare(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif command == "problems" and len(sys.argv) == 3:
        problems(sys.argv[2])
    elif command == "report" and len(sys.argv) == 3:
        print(report_text(sys.argv[2]))
    else:
        sys.exit(__doc__)
