#!/usr/bin/env python3
"""Measures what `--preset paper` changes against the tool's default (issue #15, item 4).

Driven by scripts/measure-paper-preset.sh; four steps:

  prepare IN.json COUNT WORK   Code Alpaca records whose output is Python defining a function
                               (the instruction, and the code as the response) → WORK/pairs.jsonl,
                               and the code alone → WORK/code.jsonl (for `semi`).
  judgeable WORK               The pairs whose code `semi` found at least three validated test
                               inputs for → WORK/judged_pairs.jsonl: the only snippets the judge
                               can check, so the only ones worth the runs.
  problems WORK                A HumanEval-format judge file, WORK/judge.jsonl: per judgeable
                               snippet, one problem per condition (see CONDITIONS), with the
                               original's signature, the instruction as the docstring, and asserts
                               that the code returns what the original returned on the
                               Semi-Instruct machinery's validated inputs. A condition whose
                               instruction another condition already has shares its problem
                               (WORK/judge_map.json says which), so the same text gets one verdict.
  report WORK                  The figures, as Markdown: LM-score spread, how often selection
                               differs, the judge's pass rate per condition, and paired sign tests.

The two "-reading" conditions separate the paper's Yes/No reading from its generation (opener
per candidate, raw tag, strip-only text) without more model calls: each run's stored top
logprobs are read the other run's way and its candidates selected again. The "paper-cleaned"
run separates the cleaning from the opener draw. The report checks that each run's own reading, done here, reproduces the scores
the tool stored.

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
from typing import NamedTuple, Optional

from measurement_statistics import sign_test

# Run directory → the Yes/No reading it used. "paper-cleaned" (`--preset paper
# --clean-candidates`) is optional here, so a WORK made before it was added still reports.
RUNS = {"default": "default", "paper": "reference", "paper-cleaned": "reference"}
# Conditions that select again from a run's candidates with the other reading of the same
# stored logprobs: condition → (run, reading).
REREAD = {"default-paper-reading": ("default", "reference"), "paper-default-reading": ("paper", "default")}
CONDITIONS = (["original"] + list(RUNS) + [name + "-random" for name in RUNS] + list(REREAD))
# Paired comparisons the report tests: (a, b) asks whether a is judged faithful more often than b.
COMPARISONS = [("paper", "default"), ("paper", "paper-random"), ("default", "default-random"),
               ("paper", "original"), ("default", "original"),
               ("default-paper-reading", "default"), ("paper", "paper-default-reading"),
               ("paper-default-reading", "default"), ("paper", "default-paper-reading"),
               ("paper", "paper-cleaned"), ("paper-cleaned", "default"), ("paper-cleaned", "paper-cleaned-random")]


def runs_in(work):
    """The runs of RUNS that the measurement made (the optional ones may be missing)."""
    return {name: reading for name, reading in RUNS.items() if (Path(work) / name / "selection.jsonl").exists()}


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


class Candidate(NamedTuple):
    index: int
    instruction: str
    score: Optional[float]  # as the run stored it; None when its reading gave none
    top: Optional[dict]     # the stored top logprobs of the Yes/No position


def run_candidates(run_dir):
    """snippet id → [Candidate] by index, from a run's store (usable candidates only)."""
    db = sqlite3.connect(f"file:{run_dir}/run.sqlite?mode=ro", uri=True)
    scores = {}
    for key, result in db.execute("SELECT key, result FROM unit WHERE stage = 'score' AND status = 'done'"):
        parts = key.split("/")
        record = json.loads(result)
        scores[(parts[0], int(parts[1]))] = (record["score"].get("score"), record.get("top"))
    candidates = {}
    for key, result in db.execute("SELECT key, result FROM unit WHERE stage = 'summarize' AND status = 'done'"):
        for candidate in json.loads(result)["candidates"]:
            if candidate.get("instruction"):
                sid, index = candidate["snippet_id"], candidate["index"]
                score, top = scores.get((sid, index), (None, None))
                candidates.setdefault(sid, []).append(Candidate(index, candidate["instruction"], score, top))
    db.close()
    return {sid: sorted(found) for sid, found in candidates.items()}


def run_snippet_ids(run_dir):
    """The snippets the run was given (its extraction), so an earlier, larger input's leftovers
    in a resumed store do not count."""
    return {record["id"] for record in read_jsonl(Path(run_dir) / "snippets.jsonl")}


def logistic(no, yes):
    """P(yes) / (P(yes) + P(no)) = 1 / (1 + e^(no − yes)), without overflow."""
    difference = no - yes
    if difference > 0:
        return math.exp(-difference) / (1 + math.exp(-difference))
    return 1 / (1 + math.exp(difference))


def word(token):
    """"yes" or "no" when the token is a variant of that word (LMScore.word in the tool)."""
    text = token
    while text and text[0] in " Ġ▁\n\t":
        text = text[1:]
    while text and text[-1] in " ,.!:":
        text = text[:-1]
    return text.lower() if text.lower() in ("yes", "no") else None


def log_sum_exp(values):
    if not values:
        return None
    peak = max(values)
    if peak == -math.inf:
        return -math.inf
    return peak + math.log(sum(math.exp(value - peak) for value in values))


def default_reading(top):
    """The tool's default Yes/No reading (LMScore(topLogprobs:)): every variant of each word in
    the stored top list, merged; None when neither word is there."""
    yes = log_sum_exp([logprob for token, logprob in top.items() if word(token) == "yes"])
    no = log_sum_exp([logprob for token, logprob in top.items() if word(token) == "no"])
    if yes is None and no is None:
        return None
    if no is None:
        return None if yes == -math.inf else 1.0
    if yes is None:
        return None if no == -math.inf else 0.0
    if yes == -math.inf and no == -math.inf:
        return None
    return logistic(no, yes)


def reference_reading(top):
    """The reference's reading (LMScore(referenceReadingOf:)): the top 5 only, one token for Yes,
    No with As standing in, −100 for a missing word, so every pair gets a score."""
    considered = sorted(top.items(), key=lambda item: -item[1])[:5]

    def logprob(words):
        for wanted in words:
            for token, value in considered:
                if token == wanted:
                    return value
            for token, value in considered:
                if token[:1] in (" ", "Ġ", "▁") and token[1:] == wanted:
                    return value
        return None

    yes, no = logprob(["Yes"]), logprob(["No", "As"])
    return logistic(-100.0 if no is None else no, -100.0 if yes is None else yes)


READINGS = {"default": default_reading, "reference": reference_reading}


def other_reading(reading):
    return "reference" if reading == "default" else "default"


def reselect(candidates, reading):
    """The candidate the tool would select (best score, then lowest index, then text) when
    every stored top list is read with `reading`; None when no candidate gets a score."""
    scored = [(score, candidate.index, candidate.instruction) for candidate in candidates
              if candidate.top is not None and (score := reading(candidate.top)) is not None]
    return min(scored, key=lambda item: (-item[0], item[1], item[2]))[2] if scored else None


def same_score(mine, stored):
    if mine is None or stored is None:
        return mine is None and stored is None
    return abs(mine - stored) < 1e-9


def reading_agreement(candidates, reading):
    """(candidates whose stored score `reading` reproduces, candidates with a stored top list)."""
    checked = [candidate for found in candidates.values() for candidate in found if candidate.top is not None]
    return sum(1 for c in checked if same_score(reading(c.top), c.score)), len(checked)


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


def usable_tests(work):
    """snippet id → (its code.jsonl index, [(arguments, output)]) for snippets with at least three
    validated tests whose output is a Python literal the judge can compare with."""
    tests = {}
    for record in read_jsonl(Path(work) / "semi.jsonl"):
        usable = []
        for test in record.get("tests", []):
            try:
                ast.literal_eval(test["output"])
                usable.append((test["input"], test["output"]))
            except (KeyError, ValueError, SyntaxError):
                pass
        if len(usable) >= 3:
            tests.setdefault(record["origin_id"], (record["origin"]["index"], usable))
    return tests


def judgeable(work):
    work = Path(work)
    pairs = read_jsonl(work / "pairs.jsonl")
    indices = {index for index, _ in usable_tests(work).values()}
    write_jsonl(work / "judged_pairs.jsonl", [pair for index, pair in enumerate(pairs) if index in indices])
    print(f"{len(indices)} of {len(pairs)} snippets have validated test inputs")


def condition_instructions(sid, runs):
    """condition → instruction for one snippet (a condition without one is left out)."""
    rng = random.Random(sid)
    instructions = {}
    for name, (chosen, candidates) in runs.items():
        instructions[name] = chosen[sid]["instruction"]
        instructions[name + "-random"] = rng.choice(candidates[sid]).instruction
    for condition, (name, reading) in REREAD.items():
        if name not in runs:
            continue
        instruction = reselect(runs[name][1][sid], READINGS[reading])
        if instruction is not None:
            instructions[condition] = instruction
    return instructions


def problems(work):
    work = Path(work)
    snippets = {s["id"]: s for s in read_jsonl(work / "default" / "snippets.jsonl")}
    tests = usable_tests(work)
    runs = {name: (selections(work / name), run_candidates(work / name)) for name in runs_in(work)}
    out, judge_map = [], {}
    for sid, snippet in snippets.items():
        fn = entry_function(snippet["code"])
        if sid not in tests or fn is None or not all(sid in runs[name][0] for name in runs):
            continue
        instructions = {"original": snippet["instruction"], **condition_instructions(sid, runs)}
        check = SAME + "\n\ndef check(candidate):\n" + "".join(
            f"    assert _same(candidate({args}), {output})\n" for args, output in tests[sid][1])
        judged = {}  # instruction → task id, so one text gets one verdict
        judge_map[sid] = {}
        for condition in CONDITIONS:
            if condition not in instructions:
                continue
            text = instructions[condition]
            if text not in judged:
                judged[text] = f"{condition}/{sid}"
                prompt = f'def {fn.name}({ast.unparse(fn.args)}):\n    """\n{docstring(text)}\n    """\n'
                out.append({"task_id": judged[text], "prompt": prompt, "entry_point": fn.name,
                            "canonical_solution": "    raise NotImplementedError\n", "test": check})
            judge_map[sid][condition] = judged[text]
    write_jsonl(work / "judge.jsonl", out)
    (work / "judge_map.json").write_text(json.dumps(judge_map, indent=1, sort_keys=True) + "\n")
    print(f"{len(judge_map)} snippets with tests and a selection in every run, {len(out)} judge problems")


def spread(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return "none"
    q = lambda p: values[min(len(values) - 1, int(p * (len(values) - 1) + 0.5))]
    return (f"n {len(values)}, min {values[0]:.3f}, p10 {q(0.1):.3f}, median {q(0.5):.3f}, "
            f"p90 {q(0.9):.3f}, max {values[-1]:.3f}, sd {statistics.pstdev(values):.3f}")


def verdicts(work):
    """condition → {snippet id: passed} from the judge's results."""
    work = Path(work)
    passed = {record["task_id"]: bool(record.get("passed")) for record in read_jsonl(work / "judge_results.jsonl")}
    mapping = work / "judge_map.json"
    if mapping.exists():
        tasks = json.loads(mapping.read_text())
    else:  # a judge file from before the map: one problem per condition
        tasks = {}
        for task in passed:
            condition, sid = task.split("/", 1)
            tasks.setdefault(sid, {})[condition] = task
    found = {}
    for sid, conditions in tasks.items():
        for condition, task in conditions.items():
            if task in passed:
                found.setdefault(condition, {})[sid] = passed[task]
    return found


def report_text(work):
    work = Path(work)
    runs = runs_in(work)
    lines = ["| | " + " | ".join(runs) + " |", "|---" * (len(runs) + 1) + "|"]
    data = {}
    for name in runs:
        given = run_snippet_ids(work / name)
        chosen, candidates = selections(work / name), run_candidates(work / name)
        data[name] = ({sid: c for sid, c in chosen.items() if sid in given},
                      {sid: c for sid, c in candidates.items() if sid in given})

    def row(label, figure):
        lines.append(f"| {label} | " + " | ".join(figure(name, *data[name]) for name in runs) + " |")

    scores = lambda found: [c.score for c in found if c.score is not None]
    row("snippets with a selection", lambda name, chosen, cands: str(len(chosen)))
    row("usable candidates", lambda name, chosen, cands: str(sum(len(c) for c in cands.values())))
    row("LM-score, all candidates", lambda name, chosen, cands: spread(s for c in cands.values() for s in scores(c)))
    row("LM-score, selected", lambda name, chosen, cands: spread(c.get("lm_score") for c in chosen.values()))
    row("within-snippet score range (median)", lambda name, chosen, cands: "%.3f" % statistics.median(
        [max(scores(c)) - min(scores(c)) for c in cands.values() if len(scores(c)) >= 2] or [0]))
    row("selected ≠ candidate 0", lambda name, chosen, cands: "%.0f%%" % (100 * statistics.mean(
        [1 if chosen[sid]["index"] != 0 else 0 for sid in chosen] or [0])))
    row("all candidates score the same", lambda name, chosen, cands: "%.0f%%" % (100 * statistics.mean(
        [1 if len({c.score for c in found}) == 1 else 0 for sid, found in cands.items() if sid in chosen] or [0])))
    row("the other Yes/No reading selects another candidate", lambda name, chosen, cands: "%d of %d" % (
        sum(1 for sid in chosen if reselect(cands.get(sid, []), READINGS[other_reading(runs[name])])
            != chosen[sid]["instruction"]), len(chosen)))
    row("its Yes/No reading, redone here, gives the stored score", lambda name, chosen, cands: "%d of %d" % (
        reading_agreement(cands, READINGS[runs[name]])))
    if not (work / "judge_results.jsonl").exists():
        return "\n".join(lines)
    found = verdicts(work)
    lines += ["", "Judge: the model, given only the instruction (and the original's signature), writes code that "
              "returns what the original returned on every validated input. The two `-reading` conditions select "
              "again from a run's own candidates, reading its stored logprobs the other run's way "
              "(`default-paper-reading`: the default's candidates, the reference's Yes/No reading).", "",
              "| condition | faithful | of |", "|---|---|---|"]
    for condition in CONDITIONS:
        values = list(found.get(condition, {}).values())
        if not values:
            continue
        share = f"{100 * sum(values) / len(values):.1f}%"
        lines.append(f"| {condition} | {share} ({sum(values)}) | {len(values)} |")
    lines += ["", "Paired, on the snippets both conditions were judged on (two-sided exact sign test):", "",
              "| a vs b | only a faithful | only b faithful | same verdict | p |", "|---|---|---|---|---|"]
    for a, b in COMPARISONS:
        both = set(found.get(a, {})) & set(found.get(b, {}))
        if not both:
            continue
        wins = sum(1 for sid in both if found[a][sid] and not found[b][sid])
        losses = sum(1 for sid in both if found[b][sid] and not found[a][sid])
        lines.append(f"| {a} vs {b} | {wins} | {losses} | {len(both) - wins - losses} | {sign_test(wins, losses):.3g} |")
    return "\n".join(lines)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare" and len(sys.argv) == 5:
        prepare(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif command == "judgeable" and len(sys.argv) == 3:
        judgeable(sys.argv[2])
    elif command == "problems" and len(sys.argv) == 3:
        problems(sys.argv[2])
    elif command == "report" and len(sys.argv) == 3:
        print(report_text(sys.argv[2]))
    else:
        sys.exit(__doc__)
