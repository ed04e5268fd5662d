"""Helper of compare-evalplus.sh.

  compare_evalplus_samples.py WORK                     write the canonical and wrong samples
  compare_evalplus_samples.py --agree DATASET EP II    compare evalplus's and our verdicts
"""
import json, sys


def tasks(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def write_samples(work):
    for dataset, path in (("humaneval", "HumanEvalPlus.jsonl"), ("mbpp", "MbppPlus.jsonl")):
        canonical, wrong = [], []
        for t in tasks(f"{work}/{path}"):
            code = t["prompt"] + t["canonical_solution"]
            entry = t["entry_point"]
            canonical.append({"task_id": t["task_id"], "solution": code})
            # A constant answer.
            wrong.append({"task_id": t["task_id"], "solution": f"def {entry}(*args, **kwargs):\n    return None\n"})
            # Right on as many calls as there are base inputs, None after: passes base, and
            # fails plus wherever plus has more inputs with a non-None answer.
            nbase = len(t["base_input"])
            wrong.append({"task_id": t["task_id"], "solution": code + (
                f"\n_real_{entry} = {entry}\n_calls = [0]\n"
                f"def {entry}(*args):\n    _calls[0] += 1\n"
                f"    if _calls[0] > {nbase}:\n        return None\n    return _real_{entry}(*args)\n")})
            # Does not compile.
            wrong.append({"task_id": t["task_id"], "solution": f"def {entry}(:\n    pass\n"})
        for name, rows in (("canonical", canonical), ("wrong", wrong)):
            with open(f"{work}/{dataset}-{name}.jsonl", "w") as f:
                for row in rows:
                    f.write(json.dumps(row) + "\n")


def agree(dataset, evalplus_path, ours_path):
    with open(evalplus_path) as f:
        ep = json.load(f)["eval"]
    theirs = {}
    for task_id, rows in ep.items():
        for i, r in enumerate(rows):
            base = r["base_status"] == "pass"
            theirs[(task_id, i)] = (base, base and r["plus_status"] == "pass")
    ours = {}
    for r in tasks(ours_path):
        task_id = r["task_id"] if dataset == "humaneval" else "Mbpp/%s" % r["task_id"]
        ours[(task_id, r["sample"])] = (r["passed"], bool(r.get("plus_passed")))
    keys = sorted(set(theirs) | set(ours))
    diffs = [(k, theirs.get(k), ours.get(k)) for k in keys if theirs.get(k) != ours.get(k)]
    same = len(keys) - len(diffs)
    count = lambda d, i: sum(1 for v in d.values() if v[i])
    print(f"{dataset} {ours_path.rsplit('/', 1)[-1]}: {same}/{len(keys)} samples agree; "
          f"evalplus base {count(theirs, 0)} plus {count(theirs, 1)}, ours base {count(ours, 0)} plus {count(ours, 1)}")
    for (task_id, i), t, o in diffs:
        print(f"  differs: {task_id} sample {i}: evalplus (base, plus) = {t}, ours = {o}")


if __name__ == "__main__":
    if sys.argv[1] == "--agree":
        agree(*sys.argv[2:5])
    else:
        write_samples(sys.argv[1])
