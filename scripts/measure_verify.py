#!/usr/bin/env python3
"""Measures the verify stage on MBPP reference solutions (issue #17).

Driven by scripts/measure-verify.sh; two steps:

  prepare MBPP.jsonl COUNT OUT.jsonl   The first COUNT MBPP tasks as instruction-response pairs:
                                       the task text as the instruction, the reference solution
                                       in a python fence as the response, the task's asserts as
                                       `test_list` (the pair's own tests, which verify runs).
  report RUN_DIR                       From RUN_DIR/selection.jsonl: the shares verified,
                                       contradicted (by reason) and not checkable of the selected
                                       instructions and of the MBPP texts (the ceiling), the two
                                       paired by task with a sign test, and the AUC of the
                                       LM-score for telling verified from contradicted pairs,
                                       with its 95 % interval.

Standard library only.
"""
import json
import sys

from measurement_statistics import auc, auc_interval, sign_test

VERDICTS = ["verified", "contradicted", "not_checkable"]


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pairs(tasks):
    """MBPP records → the input records of `run --verify`."""
    out = []
    for task in tasks:
        code = task["code"].replace("\r\n", "\n").rstrip() + "\n"
        out.append({
            "task_id": task["task_id"],
            "instruction": task["text"].strip(),
            "response": "```python\n" + code + "```",
            "test_list": list(task.get("test_list") or []),
        })
    return out


def shares(counts):
    total = sum(counts.get(v, 0) for v in VERDICTS)
    return total, {v: (counts.get(v, 0), counts.get(v, 0) / total if total else 0.0) for v in VERDICTS}


def figures(selection):
    """Verdict counts of the selected and of the original instructions, and the LM-score AUC."""
    selected, original = {}, {}
    reasons = {"selected": {}, "original": {}}
    paired = {}
    scores = {"verified": [], "contradicted": []}
    without = 0

    def count(key, table, verification):
        verdict = verification.get("verdict", "unverified")
        table[verdict] = table.get(verdict, 0) + 1
        if verdict == "contradicted":
            reason = verification.get("reason") or "no reason given"
            reasons[key][reason] = reasons[key].get(reason, 0) + 1
        return verdict

    for record in selection:
        chosen = record.get("selected") or []
        if not chosen:
            without += 1
        first = None
        for item in chosen:
            verdict = count("selected", selected, item.get("verification") or {})
            first = first or verdict
            if verdict in scores:
                scores[verdict].append(item.get("lm_score", 0.0))
        if record.get("original_verification"):
            verdict = count("original", original, record["original_verification"])
            if first is not None:
                paired[(first, verdict)] = paired.get((first, verdict), 0) + 1
    value = auc(scores["verified"], scores["contradicted"])
    counts = (len(scores["verified"]), len(scores["contradicted"]))
    return {
        "snippets": len(selection),
        "without_selection": without,
        "selected": selected,
        "original": original,
        "reasons": reasons,
        "paired": paired,
        "auc": value,
        "auc_interval": auc_interval(value, *counts),
        "auc_pairs": counts,
    }


def report(result):
    lines = [f"snippets: {result['snippets']} ({result['without_selection']} without a selected instruction)"]
    for name, key in (("selected instructions", "selected"), ("MBPP texts (ceiling)", "original")):
        total, table = shares(result[key])
        parts = ", ".join(f"{v.replace('_', ' ')} {n} ({share:.1%})" for v, (n, share) in table.items())
        extra = result[key].get("unverified", 0)
        lines.append(f"{name}: {total} checked: {parts}" + (f"; {extra} without a verdict" if extra else ""))
        why = sorted(result["reasons"][key].items(), key=lambda item: (-item[1], item[0]))
        if why:
            lines.append("  contradicted: " + ", ".join(f"{reason} {n}" for reason, n in why))
    paired = result["paired"]
    both = paired.get(("verified", "verified"), 0)
    only_selected = sum(n for (s, o), n in paired.items() if s == "verified" and o != "verified")
    only_original = sum(n for (s, o), n in paired.items() if s != "verified" and o == "verified")
    neither = sum(paired.values()) - both - only_selected - only_original
    lines.append(f"paired by task ({sum(paired.values())}): both verified {both}, only the selected {only_selected}, "
                 f"only the MBPP text {only_original}, neither {neither}; "
                 f"sign test p = {sign_test(only_selected, only_original):.3g}")
    verified, contradicted = result["auc_pairs"]
    value = "n/a" if result["auc"] is None else f"{result['auc']:.3f}"
    interval = result["auc_interval"]
    span = f", 95 % interval {interval[0]:.3f}-{interval[1]:.3f}" if interval else ""
    lines.append(f"LM-score AUC, verified vs contradicted: {value} ({verified} verified, {contradicted} contradicted{span})")
    return "\n".join(lines)


def main(argv):
    if len(argv) == 4 and argv[0] == "prepare":
        tasks = read_jsonl(argv[1])[: int(argv[2])]
        with open(argv[3], "w", encoding="utf-8") as handle:
            for record in pairs(tasks):
                handle.write(json.dumps(record) + "\n")
        return 0
    if len(argv) == 2 and argv[0] == "report":
        print(report(figures(read_jsonl(argv[1] + "/selection.jsonl"))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
