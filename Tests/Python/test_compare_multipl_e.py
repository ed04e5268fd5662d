"""Tests of scripts/compare_multipl_e_samples.py, the helper of scripts/compare-multipl-e.sh:
its hand-made samples, the split by language, how it feeds the bigcode harness (against a
stand-in harness package) and how it joins and reports the two sides' verdicts."""

import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

from support import REPOSITORY

HELPER = os.path.join(REPOSITORY, "scripts", "compare_multipl_e_samples.py")
spec = importlib.util.spec_from_file_location("compare_multipl_e_samples", HELPER)
helper = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helper)


def write(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


class HandmadeTests(unittest.TestCase):
    def test_every_language_has_right_and_wrong_samples_of_real_tasks(self):
        self.assertEqual(sorted(helper.HANDMADE), sorted(helper.LANGUAGES))
        for language, cases in helper.HANDMADE.items():
            names = helper.problems(language)
            kinds = {case for case, _, _ in cases}
            self.assertTrue({"right", "wrong-value", "no-compile", "throws", "endless-loop"} <= kinds, language)
            for case, task, completion in cases:
                self.assertIn(task, names, f"{language} {case}")
                # js and php completions close the function themselves; the others' tests do.
                if language in ("js", "php") and case != "no-closing-brace":
                    self.assertTrue(completion.rstrip().endswith("}"), f"{language} {case}")

    def test_handmade_writes_one_file_per_language_with_the_case(self):
        with tempfile.TemporaryDirectory() as work, contextlib.redirect_stdout(io.StringIO()):
            helper.handmade(work)
            rows = helper.read_jsonl(os.path.join(work, "handmade-rs.jsonl"))
        self.assertEqual(len(rows), len(helper.HANDMADE["rs"]))
        self.assertEqual(set(rows[0]), {"task_id", "completion", "language", "case"})


class SplitTests(unittest.TestCase):
    def test_language_field_wins_and_aliases_are_codes(self):
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "s.jsonl")
            write(path, [{"task_id": "a", "completion": "1", "language": "rust"},
                         {"task_id": "b", "completion": "2", "language": "javascript"},
                         {"task_id": "c", "completion": "3"}])
            with contextlib.redirect_stdout(io.StringIO()) as out:
                written = helper.split(work, ["cpp:" + path])
            self.assertEqual([language for language, _ in written], ["js", "cpp", "rs"])
            self.assertIn("rs " + os.path.join(work, "s-rs.jsonl"), out.getvalue())
            self.assertEqual(helper.read_jsonl(os.path.join(work, "s-cpp.jsonl"))[0]["task_id"], "c")

    def test_a_line_without_language_needs_one_for_the_file(self):
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "s.jsonl")
            write(path, [{"task_id": "a", "completion": "1"}])
            with self.assertRaises(SystemExit) as stop:
                helper.split(work, [path])
            self.assertIn("LANG:", str(stop.exception))


class JavaClasspathTests(unittest.TestCase):
    def fake(self):
        calls = []

        class Module:
            Path = None
            run = staticmethod(lambda args, *a, **k: calls.append(list(map(str, args))))
        return Module, calls

    def test_multipl_e_rule_puts_the_jar_on_the_run_classpath(self):
        module, calls = self.fake()
        helper.java_classpath_patch(module, "/j/t.jar", "multipl-e")
        self.assertEqual(str(module.Path(helper.HARNESS_JAR)), "/j/t.jar")
        self.assertEqual(str(module.Path("/tmp/x.java")), "/tmp/x.java")
        module.run(["javac", "-encoding", "UTF8", "-d", "/o", "/tmp/x.java"])
        module.run(["java", "-ea", "-cp", "/o", "Problem"])
        self.assertEqual(calls, [["javac", "-encoding", "UTF8", "-d", "/o", "/tmp/x.java"],
                                 ["java", "-ea", "-cp", "/o:/j/t.jar", "Problem"]])

    def test_harness_rule_keeps_its_run_line(self):
        module, calls = self.fake()
        helper.java_classpath_patch(module, "/j/t.jar", "harness")
        module.run(["java", "-ea", "-cp", "/o", "Problem"])
        self.assertEqual(calls, [["java", "-ea", "-cp", "/o", "Problem"]])


# A stand-in for nvidia-bigcode-eval's multiple_metrics: evaluate_problem records the programs
# it was given (completion + "\n" + tests, as evaluation.cached_eval_script builds them) and
# passes those that contain "RIGHT".
FAKE_EVALUATION = '''
import json, os
from .containerized_eval import seen
def evaluate_problem(output_dir, problem_json_path, max_workers, input_dir=None):
    problem = json.load(open(problem_json_path))
    results = []
    for completion in problem["completions"]:
        program = completion + "\\n" + problem["tests"]
        seen(problem["language"], program)
        ok = "RIGHT" in completion
        results.append({"program": program, "status": "OK" if ok else "Exception", "exit_code": 0 if ok else 1,
                        "stdout": "", "stderr": "" if ok else "boom"})
    json.dump({"results": results}, open(problem_json_path[:-len(".json")] + ".results.json", "w"))
'''
FAKE_CONTAINERIZED = '''
import json, os
def seen(language, program):
    with open(os.environ["SEEN"], "a") as f:
        f.write(json.dumps([language, program]) + "\\n")
'''
FAKE_PASS_K = '''
import json
def for_file(path):
    results = json.load(open(path))["results"]
    c = sum(1 for r in results if r["status"] == "OK" and r["exit_code"] == 0)
    return [c / len(results), 1.0, 1.0]
'''


class PeerTests(unittest.TestCase):
    def test_programs_are_prompt_completion_newline_tests_and_rows_keep_sample_order(self):
        with tempfile.TemporaryDirectory() as work:
            package = os.path.join(work, "site", "bigcode_eval", "tasks", "custom_metrics", "multiple_metrics")
            os.makedirs(package)
            for folder in (os.path.join(work, "site", "bigcode_eval"), package):
                open(os.path.join(folder, "__init__.py"), "w").close()
            for name, text in (("evaluation.py", FAKE_EVALUATION), ("containerized_eval.py", FAKE_CONTAINERIZED),
                               ("single_experiment_pass_k.py", FAKE_PASS_K)):
                with open(os.path.join(package, name), "w") as f:
                    f.write(text)
            samples = os.path.join(work, "s.jsonl")
            write(samples, [{"task_id": "HumanEval_53_add", "completion": "  return x + y; // RIGHT\n}"},
                            {"task_id": "HumanEval_23_strlen", "completion": "  return 0;\n}"},
                            {"task_id": "HumanEval_53_add", "completion": "  return x - y;\n}"}])
            results = os.path.join(work, "out", "peer.jsonl")
            os.makedirs(os.path.dirname(results))
            environment = dict(os.environ, PYTHONPATH=os.path.join(work, "site"), SEEN=os.path.join(work, "seen"))
            subprocess.run([sys.executable, HELPER, "peer", "javascript", samples, results], check=True,
                           env=environment, cwd=work)
            rows = helper.read_jsonl(results)
            seen = helper.read_jsonl(os.path.join(work, "seen"))
            with open(results + ".pass_at_1") as f:
                pass_at_1 = float(f.read())
        add = helper.problems("js")["HumanEval_53_add"]
        self.assertEqual([(r["task_id"], r["sample"], r["passed"]) for r in rows],
                         [("HumanEval_53_add", 0, True), ("HumanEval_23_strlen", 0, False), ("HumanEval_53_add", 1, False)])
        self.assertEqual(seen[0], ["js", add["prompt"] + "  return x + y; // RIGHT\n}" + "\n" + add["tests"]])
        self.assertAlmostEqual(pass_at_1, 0.25)  # (1/2 + 0/1) / 2 problems


class AgreeTests(unittest.TestCase):
    def test_joins_on_task_and_position_and_lists_every_difference(self):
        samples = [{"task_id": "A", "completion": "1"}, {"task_id": "B", "completion": "2", "case": "prints"},
                   {"task_id": "A", "completion": "3"}, {"task_id": "C", "completion": "4"}]
        theirs = [{"task_id": "A", "sample": 0, "passed": True, "status": "OK", "exit_code": 0, "stdout": "", "stderr": ""},
                  {"task_id": "A", "sample": 1, "passed": False, "status": "Exception", "exit_code": 1,
                   "stdout": "", "stderr": "x" * 1000 + "the end"},
                  {"task_id": "B", "sample": 0, "passed": False, "status": "Timeout", "exit_code": -1, "stdout": "out", "stderr": ""}]
        ours = [{"task_id": "A", "sample": 0, "passed": True}, {"task_id": "A", "sample": 1, "passed": False},
                {"task_id": "B", "sample": 0, "passed": True, "status": "passed", "stage": "done"},
                {"task_id": "C", "sample": 0, "passed": False}]
        with tempfile.TemporaryDirectory() as work:
            paths = [os.path.join(work, name) for name in ("s.jsonl", "p.jsonl", "o.jsonl")]
            for path, rows in zip(paths, (samples, theirs, ours)):
                write(path, rows)
            summary = os.path.join(work, "summary.jsonl")
            with contextlib.redirect_stdout(io.StringIO()) as out:
                same, total = helper.agree("rs", *paths, summary=summary, label="x", peer_seconds=4.0,
                                           ours_seconds=1.0, runs=3)
                helper.table(summary)
        text = out.getvalue()
        self.assertEqual((same, total), (2, 4))
        self.assertIn("rs x: verdicts identical 2/4; passed: harness 1, inverse-instruct 2", text)
        self.assertIn("differs: B sample 0 [prints]: harness fail (status Timeout, exit -1), "
                      "inverse-instruct pass (passed, stage done)", text)
        self.assertIn("harness stdout tail: 'out'", text)
        self.assertIn("differs: C sample 0: harness missing, inverse-instruct fail", text)
        self.assertNotIn("differs: A", text)
        self.assertIn("4.0x", text)

    def test_tail_keeps_the_end(self):
        self.assertEqual(helper.tail("a" * 10 + "b" * 5, limit=5), "…bbbbb")
        self.assertEqual(helper.tail("  short\n"), "short")


if __name__ == "__main__":
    unittest.main()
