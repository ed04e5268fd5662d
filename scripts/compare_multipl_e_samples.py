"""Helper of compare-multipl-e.sh: MultiPL-E's own evaluators next to `inverse-instruct eval multipl-e`.

  compare_multipl_e_samples.py handmade WORK
      write WORK/handmade-LANG.jsonl for the six languages: a few right and many deliberately
      wrong completions (wrong value, does not compile, throws, exits 0 early, endless loop,
      prints, prints 1 MiB, ...), each with a `case` field naming it
  compare_multipl_e_samples.py split WORK [LANG:]FILE...
      split samples files by language (a line's `language` field, else the LANG: of its FILE)
      into WORK/NAME-LANG.jsonl; prints "LANG PATH" per file written
  compare_multipl_e_samples.py peer LANG SAMPLES RESULTS [--java-classpath multipl-e|harness] [--jar JAR]
      (in the venv that has nvidia-bigcode-eval) check SAMPLES with the bigcode harness's
      multiple_metrics, as its `multiple-LANG` task does, and write one JSON line per sample
  compare_multipl_e_samples.py agree LANG SAMPLES PEER OURS [--summary FILE --label L --peer-seconds S --ours-seconds S --runs N]
      print how many verdicts are identical and every difference with both sides' output
  compare_multipl_e_samples.py table SUMMARY
      print the per-language table
"""
import json
import os
import sys

LANGUAGES = ["java", "js", "cpp", "php", "swift", "rs"]
ALIASES = {"javascript": "js", "c++": "cpp", "rust": "rs"}
# The harness's module for each of MultiPL-E's language codes (containerized_eval.EVALUATORS).
HARNESS_MODULES = {"java": "eval_java", "js": "eval_javascript", "cpp": "eval_cpp", "php": "eval_php",
                   "swift": "eval_swift", "rs": "eval_rust"}
# Where the harness's eval_java.py expects the javatuples jar (its Docker image puts it there).
HARNESS_JAR = "/usr/multiple/javatuples-1.2.jar"
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Data", "multipl-e")


def language_code(name):
    code = ALIASES.get(name.lower(), name.lower())
    if code not in LANGUAGES:
        raise SystemExit(f"unknown MultiPL-E language {name!r} (one of {', '.join(LANGUAGES)})")
    return code


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


def problems(language, data=DATA):
    return {p["name"]: p for p in read_jsonl(os.path.join(data, f"humaneval-{language}.jsonl"))}


# ---------------------------------------------------------------------------------------------
# Hand-made samples. Completions continue the prompt: for java, cpp, swift and rs the tests
# close the function; for js and php the completion does. (case, task, completion).

BIG = 1 << 20  # bytes printed by the "big-output" case: far past the harness's 2,048-byte capture

HANDMADE = {
    "java": [
        ("right", "HumanEval_53_add", "        return x + y;"),
        ("right", "HumanEval_23_strlen", "        return string.length();"),
        ("right-pair", "HumanEval_8_sum_product",
         "        long s = 0, p = 1;\n        for (long n : numbers) { s += n; p *= n; }\n        return Pair.with(s, p);"),
        ("wrong-value", "HumanEval_53_add", "        return x - y;"),
        ("wrong-pair", "HumanEval_8_sum_product", "        return Pair.with(0l, 0l);"),
        ("no-compile", "HumanEval_53_add", "        return x + ;"),
        ("throws", "HumanEval_53_add", "        throw new RuntimeException(\"boom\");"),
        ("exit-0-early", "HumanEval_53_add", "        System.exit(0);\n        return 0;"),
        ("endless-loop", "HumanEval_53_add", "        while (true) { }"),
        ("prints", "HumanEval_53_add",
         "        System.out.println(\"hello \" + x);\n        System.err.println(\"to stderr\");\n        return x + y;"),
        ("big-output", "HumanEval_53_add", f"        System.out.print(\"x\".repeat({BIG}));\n        return x + y;"),
    ],
    "js": [
        ("right", "HumanEval_53_add", "  return x + y;\n}"),
        ("right", "HumanEval_23_strlen", "  return string.length;\n}"),
        ("right-pair", "HumanEval_8_sum_product",
         "  let s = 0, p = 1;\n  for (const n of numbers) { s += n; p *= n; }\n  return [s, p];\n}"),
        ("wrong-value", "HumanEval_53_add", "  return x - y;\n}"),
        ("no-compile", "HumanEval_53_add", "  return x + ;\n}"),
        ("no-closing-brace", "HumanEval_53_add", "  return x + y;"),
        ("reference-error", "HumanEval_53_add", "  return z;\n}"),
        ("throws", "HumanEval_53_add", "  throw new Error('boom');\n}"),
        ("exit-0-early", "HumanEval_53_add", "  process.exit(0);\n}"),
        ("endless-loop", "HumanEval_53_add", "  while (true) {}\n}"),
        ("prints", "HumanEval_53_add", "  console.log('hello', x);\n  console.error('to stderr');\n  return x + y;\n}"),
        ("big-output", "HumanEval_53_add", f"  process.stdout.write('x'.repeat({BIG}));\n  return x + y;\n}}"),
    ],
    "cpp": [
        ("right", "HumanEval_53_add", "    return x + y;"),
        ("right", "HumanEval_23_strlen", "    return string.size();"),
        ("right-pair", "HumanEval_8_sum_product",
         "    long s = 0, p = 1;\n    for (long n : numbers) { s += n; p *= n; }\n    return std::make_tuple(s, p);"),
        ("wrong-value", "HumanEval_53_add", "    return x - y;"),
        ("no-compile", "HumanEval_53_add", "    return x + ;"),
        ("throws", "HumanEval_53_add", "    throw std::runtime_error(\"boom\");"),
        ("exit-0-early", "HumanEval_53_add", "    exit(0);"),
        ("endless-loop", "HumanEval_53_add", "    volatile long k = 0;\n    while (true) { k++; }"),
        ("prints", "HumanEval_53_add",
         "    printf(\"hello %ld\\n\", x);\n    fprintf(stderr, \"to stderr\\n\");\n    return x + y;"),
        ("big-output", "HumanEval_53_add", f"    for (long i = 0; i < {BIG}; i++) putchar('x');\n    return x + y;"),
    ],
    "php": [
        ("right", "HumanEval_53_add", "    return $x + $y;\n}"),
        # (HumanEval_23_strlen cannot pass in PHP: its prompt redeclares the builtin strlen.)
        ("right", "HumanEval_13_greatest_common_divisor", "    while ($b != 0) { [$a, $b] = [$b, $a % $b]; }\n    return $a;\n}"),
        ("right-pair", "HumanEval_8_sum_product",
         "    $s = 0; $p = 1;\n    foreach ($numbers as $n) { $s += $n; $p *= $n; }\n    return array($s, $p);\n}"),
        ("wrong-value", "HumanEval_53_add", "    return $x - $y;\n}"),
        ("no-compile", "HumanEval_53_add", "    return $x + ;\n}"),
        ("no-closing-brace", "HumanEval_53_add", "    return $x + $y;"),
        ("throws", "HumanEval_53_add", "    throw new Exception(\"boom\");\n}"),
        ("exit-0-early", "HumanEval_53_add", "    exit(0);\n}"),
        ("endless-loop", "HumanEval_53_add", "    while (true) { }\n}"),
        ("prints", "HumanEval_53_add",
         "    echo \"hello $x\\n\";\n    fwrite(STDERR, \"to stderr\\n\");\n    return $x + $y;\n}"),
        ("prints-parse-error", "HumanEval_53_add", "    echo \"PHP Parse error: not really\\n\";\n    return $x + $y;\n}"),
        ("big-output", "HumanEval_53_add", f"    echo str_repeat('x', {BIG});\n    return $x + $y;\n}}"),
    ],
    "swift": [
        ("right", "HumanEval_53_add", "    return x + y"),
        ("right", "HumanEval_23_strlen", "    return string.count"),
        ("right-pair", "HumanEval_8_sum_product",
         "    var s = 0, p = 1\n    for n in numbers { s += n; p *= n }\n    return (s, p)"),
        ("wrong-value", "HumanEval_53_add", "    return x - y"),
        ("no-compile", "HumanEval_53_add", "    return x + "),
        ("throws", "HumanEval_53_add", "    fatalError(\"boom\")"),
        ("endless-loop", "HumanEval_53_add", "    while true { }"),
        ("prints", "HumanEval_53_add", "    print(\"hello \\(x)\")\n    return x + y"),
        ("warning", "HumanEval_53_add", "    var unused = 1\n    return x + y"),
        ("big-output", "HumanEval_53_add", f"    print(String(repeating: \"x\", count: {BIG}))\n    return x + y"),
    ],
    "rs": [
        ("right", "HumanEval_53_add", "    x + y"),
        ("right", "HumanEval_23_strlen", "    string.len() as isize"),
        ("right-pair", "HumanEval_8_sum_product",
         "    let mut s = 0;\n    let mut p = 1;\n    for n in numbers { s += n; p *= n; }\n    (s, p)"),
        ("wrong-value", "HumanEval_53_add", "    x - y"),
        ("no-compile", "HumanEval_53_add", "    x + "),
        ("throws", "HumanEval_53_add", "    panic!(\"boom\")"),
        ("exit-0-early", "HumanEval_53_add", "    std::process::exit(0)"),
        ("endless-loop", "HumanEval_53_add", "    loop {}"),
        ("prints", "HumanEval_53_add", "    println!(\"hello {}\", x);\n    eprintln!(\"to stderr\");\n    x + y"),
        ("warning", "HumanEval_53_add", "    let unused = 1;\n    x + y"),
        ("big-output", "HumanEval_53_add", f"    print!(\"{{}}\", \"x\".repeat({BIG}));\n    x + y"),
    ],
}


def handmade(work):
    for language, cases in HANDMADE.items():
        write_jsonl(os.path.join(work, f"handmade-{language}.jsonl"),
                    [{"task_id": task, "completion": completion, "language": language, "case": case}
                     for case, task, completion in cases])
        print(language, os.path.join(work, f"handmade-{language}.jsonl"))


def split(work, specs):
    """Samples by language: [(language, path)], one file per language and input file."""
    written = []
    for spec in specs:
        default, path = None, spec
        head, sep, rest = spec.partition(":")
        if sep and ALIASES.get(head.lower(), head.lower()) in LANGUAGES and not os.path.exists(spec):
            default, path = language_code(head), rest
        rows = {}
        for number, row in enumerate(read_jsonl(path), 1):
            name = row.get("language", default)
            if name is None:
                raise SystemExit(f"{path}:{number}: no 'language' field; name the file's language as LANG:{path}")
            rows.setdefault(language_code(name), []).append(row)
        stem = os.path.splitext(os.path.basename(path))[0]
        for language in LANGUAGES:
            if language in rows:
                out = os.path.join(work, f"{stem}-{language}.jsonl")
                write_jsonl(out, rows[language])
                written.append((language, out))
    for language, out in written:
        print(language, out)
    return written


# ---------------------------------------------------------------------------------------------
# The peer: bigcode-evaluation-harness's multiple_metrics, as its MultiPLE task runs them.

def harness_package():
    """Imports multiple_metrics from the installed bigcode_eval without importing bigcode_eval.tasks
    (whose __init__ loads every task and their heavy dependencies: datasets, transformers, ...)."""
    import importlib.util
    spec = importlib.util.find_spec("bigcode_eval")
    if spec is None:
        raise SystemExit("bigcode_eval is not installed here (pip install nvidia-bigcode-eval==26.3)")
    sys.path.insert(0, os.path.join(os.path.dirname(spec.origin), "tasks", "custom_metrics"))
    import multiple_metrics.containerized_eval  # noqa: F401  (imports every eval_*.py)
    import multiple_metrics.evaluation  # noqa: F401


def java_classpath_patch(module, jar, rule):
    """eval_java.py hard-codes the jar at /usr/multiple/javatuples-1.2.jar (its Docker image's
    path): point that at JAR. With rule "multipl-e" the test run also gets the jar on its -cp as
    MultiPL-E's own eval_java.py does (the harness's copy passes only the class folder, so a
    program whose tests build a javatuples Pair dies with NoClassDefFoundError)."""
    from pathlib import Path as RealPath

    def path(p, *rest):
        return RealPath(jar) if (str(p) == HARNESS_JAR and not rest) else RealPath(p, *rest)
    module.Path = path
    if rule == "multipl-e":
        real_run = module.run

        def run(args, *a, **k):
            args = [str(x) for x in args]
            if args[0] == "java" and "-cp" in args:
                i = args.index("-cp") + 1
                args[i] = f"{args[i]}:{jar}"
            return real_run(args, *a, **k)
        module.run = run


def peer(language, samples_path, results_path, java_classpath="multipl-e", jar="/usr/share/java/javatuples.jar"):
    from multiprocessing import cpu_count
    harness_package()
    import multiple_metrics.evaluation as evaluation
    import multiple_metrics.single_experiment_pass_k as pass_k
    if language == "java":
        import multiple_metrics.eval_java as eval_java
        java_classpath_patch(eval_java, jar, java_classpath)
    by_name = problems(language)
    # One problem JSON per task, its completions in file order, as GeneralMultiPLE.process_results
    # writes them; "completions" hold the prompt and the completion (the harness's own
    # post-processing prepends the prompt), and evaluation.cached_eval_script adds "\n" + tests.
    tasks, index = {}, []
    for row in read_jsonl(samples_path):
        if row["task_id"] not in by_name:
            raise SystemExit(f"{samples_path}: {row['task_id']} is not a MultiPL-E {language} problem")
        completions = tasks.setdefault(row["task_id"], [])
        index.append((row["task_id"], len(completions)))
        completions.append(by_name[row["task_id"]]["prompt"] + row["completion"])
    folder = os.path.dirname(os.path.abspath(results_path))
    problem_dir = os.path.join(folder, f"peer-{language}-problems")
    os.makedirs(problem_dir, exist_ok=True)
    # The harness's own worker count: cpu_count() - 1 threads per problem, problems one after another.
    workers = cpu_count() - 1 if cpu_count() > 1 else 1
    files = []
    for name, completions in tasks.items():
        problem = {"name": name, "language": language, "prompt": by_name[name]["prompt"],
                   "completions": completions, "tests": by_name[name]["tests"]}
        path = os.path.join(problem_dir, f"{name}.json")
        with open(path, "w") as f:
            json.dump(problem, f)
        files.append(path)
    for path in files:
        evaluation.evaluate_problem(problem_dir, path, workers)
    results, pass_at_1 = {}, []
    for name in tasks:
        path = os.path.join(problem_dir, f"{name}.results.json")
        with open(path) as f:
            results[name] = json.load(f)["results"]
        pass_at_1.append(float(pass_k.for_file(path)[0]))
    rows = []
    for name, i in index:
        r = results[name][i]
        rows.append({"task_id": name, "sample": i, "status": r["status"], "exit_code": r["exit_code"],
                     # single_experiment_pass_k.for_file: a pass is status OK and exit code 0.
                     "passed": r["status"] == "OK" and r["exit_code"] == 0,
                     "stdout": r["stdout"], "stderr": r["stderr"]})
    write_jsonl(results_path, rows)
    with open(results_path + ".pass_at_1", "w") as f:
        f.write("%.6f\n" % (sum(pass_at_1) / len(pass_at_1) if pass_at_1 else 0.0))


# ---------------------------------------------------------------------------------------------
# Agreement and the table.

def tail(text, limit=300):
    text = (text or "").strip()
    return ("…" + text[-limit:]) if len(text) > limit else text


def compare(samples, theirs, ours):
    """Joins the three files on (task_id, sample): [(key, sample row, peer row, our row)]."""
    positions, keyed = {}, []
    for row in samples:
        i = positions.get(row["task_id"], 0)
        positions[row["task_id"]] = i + 1
        keyed.append(((row["task_id"], i), row))
    peer_rows = {(r["task_id"], r["sample"]): r for r in theirs}
    our_rows = {(r["task_id"], r["sample"]): r for r in ours}
    return [(key, row, peer_rows.get(key), our_rows.get(key)) for key, row in keyed]


def verdict(row):
    return None if row is None else bool(row["passed"])


def agree(language, samples_path, peer_path, ours_path, summary=None, label=None,
          peer_seconds=None, ours_seconds=None, runs=None):
    joined = compare(read_jsonl(samples_path), read_jsonl(peer_path), read_jsonl(ours_path))
    same = sum(1 for _, _, t, o in joined if verdict(t) is not None and verdict(t) == verdict(o))
    total = len(joined)
    peer_passed = sum(1 for _, _, t, _ in joined if verdict(t))
    our_passed = sum(1 for _, _, _, o in joined if verdict(o))
    label = label or os.path.basename(samples_path)
    print(f"{language} {label}: verdicts identical {same}/{total}; passed: harness {peer_passed}, inverse-instruct {our_passed}")
    for (task, i), sample, t, o in joined:
        case = f" [{sample['case']}]" if "case" in sample else ""
        if verdict(t) is not None and verdict(t) == verdict(o):
            continue
        print(f"  differs: {task} sample {i}{case}: harness "
              + ("missing" if t is None else f"{'pass' if t['passed'] else 'fail'} (status {t['status']}, exit {t['exit_code']})")
              + ", inverse-instruct "
              + ("missing" if o is None else f"{'pass' if o['passed'] else 'fail'} ({o.get('status')}, stage {o.get('stage')}"
                 + (f", {o['message']}" if o.get("message") else "") + ")"))
        if t is not None:
            if t["stdout"].strip():
                print(f"    harness stdout tail: {tail(t['stdout'])!r}")
            if t["stderr"].strip():
                print(f"    harness stderr tail: {tail(t['stderr'])!r}")
    if summary:
        with open(summary, "a") as f:
            f.write(json.dumps({"language": language, "label": label, "samples": total, "same": same,
                                "harness_passed": peer_passed, "ours_passed": our_passed,
                                "harness_seconds": peer_seconds, "ours_seconds": ours_seconds, "runs": runs}) + "\n")
    return same, total


def table(summary):
    rows = read_jsonl(summary)
    header = ("language", "samples", "identical", "passed h/ii", "harness s", "ii s", "harness/s", "ii/s", "ratio")
    print("%-28s %7s %10s %11s %9s %7s %9s %7s %6s" % header)
    for r in rows:
        h, o, n = r["harness_seconds"], r["ours_seconds"], r["samples"]
        print("%-28s %7d %10s %11s %9.2f %7.2f %9.1f %7.1f %5.1fx" % (
            f"{r['language']} {r['label']}", n, f"{r['same']}/{n}", f"{r['harness_passed']}/{r['ours_passed']}",
            h, o, n / h if h else 0, n / o if o else 0, h / o if o else 0))
    if rows:
        print(f"(wall times: median of {rows[0]['runs']} runs each; ratio = harness time / inverse-instruct time)")


def main(argv):
    command = argv[0] if argv else ""
    if command == "handmade":
        handmade(argv[1])
    elif command == "split":
        split(argv[1], argv[2:])
    elif command == "peer":
        import argparse
        p = argparse.ArgumentParser(prog="peer")
        p.add_argument("language"), p.add_argument("samples"), p.add_argument("results")
        p.add_argument("--java-classpath", choices=["multipl-e", "harness"], default="multipl-e")
        p.add_argument("--jar", default="/usr/share/java/javatuples.jar")
        a = p.parse_args(argv[1:])
        peer(language_code(a.language), a.samples, a.results, a.java_classpath, a.jar)
    elif command == "agree":
        import argparse
        p = argparse.ArgumentParser(prog="agree")
        p.add_argument("language"), p.add_argument("samples"), p.add_argument("peer"), p.add_argument("ours")
        p.add_argument("--summary"), p.add_argument("--label")
        p.add_argument("--peer-seconds", type=float), p.add_argument("--ours-seconds", type=float)
        p.add_argument("--runs", type=int)
        a = p.parse_args(argv[1:])
        agree(language_code(a.language), a.samples, a.peer, a.ours, a.summary, a.label,
              a.peer_seconds, a.ours_seconds, a.runs)
    elif command == "table":
        table(argv[1])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
