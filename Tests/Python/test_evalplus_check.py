"""Tests of Sources/Evaluation/Python/evalplus_check.py, evalplus 0.3.1's checking as the
sandbox's "harness" job shape runs it: `main(job, report)` in a child process (its reliability
guard disables parts of `os`, so every call here gets a fresh interpreter)."""

import json
import subprocess
import sys
import unittest

from support import source

HARNESS = "Evaluation/Python/evalplus_check.py"

# Runs the harness on one job read from stdin and prints every report it made, as JSON.
RUNNER = """
import json, sys
namespace = {"__name__": "evalplus_check"}
exec(compile(sys.argv[1], "evalplus_check.py", "exec"), namespace)
job = json.loads(sys.stdin.read())
reports = []
namespace["main"](job, reports.append)
sys.stdout.write(json.dumps(reports))
"""


def run(program, mode, dataset="humaneval", entry_point="f", inputs=(), **payload):
    job = {"program": program, "payload": dict(mode=mode, dataset=dataset, entry_point=entry_point,
                                                task_id=payload.pop("task_id", "HumanEval/0"),
                                                inputs=json.dumps(list(inputs)), **payload)}
    done = subprocess.run([sys.executable, "-I", "-c", RUNNER, source(HARNESS)], input=json.dumps(job),
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    reports = json.loads(done.stdout)
    assert len(reports) == 1, reports
    return reports[0]


def reference(program, inputs, **payload):
    report = run(program, "reference", inputs=inputs, **payload)
    assert report["status"] == "passed", report
    return report["data"]


def check(program, canonical, inputs, atol=0.0, **payload):
    expected = reference(canonical, inputs, **payload)
    return run(program, "check", inputs=inputs, expected=expected["expected"],
               time_limits=[1.0] * len(inputs), atol=atol, **payload)


class ReferenceTests(unittest.TestCase):
    def test_outputs_and_one_time_per_input(self):
        data = reference("def f(x):\n    return x * 2\n", [[1], [2], [3]])
        self.assertEqual(len(data["times"]), 3)
        self.assertTrue(data["expected"])

    def test_a_failing_canonical_solution_names_the_input(self):
        report = run("def f(x):\n    return 1 // x\n", "reference", inputs=[[1], [0]])
        self.assertEqual(report["status"], "failed")
        self.assertIn("input 1", report["message"])


class CheckTests(unittest.TestCase):
    canonical = "def f(x):\n    return x * 2\n"

    def test_a_right_sample_passes(self):
        report = check("def f(x):\n    return x + x\n", self.canonical, [[1], [5], [-3]])
        self.assertEqual(report["status"], "passed")

    def test_the_first_wrong_input_fails_the_sample(self):
        report = check("def f(x):\n    return x * 2 if x < 5 else 0\n", self.canonical, [[1], [5], [7]])
        self.assertEqual(report["status"], "failed")
        self.assertEqual(report["data"]["failed_input"], 1)

    def test_floats_compare_within_evalplus_default_tolerance(self):
        canonical = "def f(x):\n    return x / 3\n"
        close = check("def f(x):\n    return x / 3 + 1e-9\n", canonical, [[1.0], [2.0]])
        far = check("def f(x):\n    return x / 3 + 1e-3\n", canonical, [[1.0], [2.0]])
        self.assertEqual(close["status"], "passed")
        self.assertEqual(far["status"], "failed")

    def test_a_slow_sample_times_out(self):
        report = check("def f(x):\n    while True:\n        pass\n", self.canonical, [[1]])
        self.assertEqual(report["status"], "timeout")

    def test_mbpp_set_equality_oracle(self):
        canonical = "def similar_elements(a, b):\n    return tuple(sorted(set(a) & set(b)))\n"
        reordered = "def similar_elements(a, b):\n    return tuple(sorted(set(a) & set(b), reverse=True))\n"
        report = check(reordered, canonical, [[[3, 4, 5, 6], [5, 7, 4, 10]]], dataset="mbpp",
                       entry_point="similar_elements", task_id="Mbpp/2")
        self.assertEqual(report["status"], "passed")

    def test_find_zero_fails_every_sample_as_evalplus_0_3_1_does(self):
        canonical = "def find_zero(xs):\n    return -xs[0] / xs[1]\n"
        report = check(canonical, canonical, [[[1.0, 2.0]]], atol=1e-6, entry_point="find_zero",
                       task_id="HumanEval/32")
        self.assertEqual(report["status"], "failed")
        self.assertEqual(report["exception"], "EvalPlusBookkeeping")


if __name__ == "__main__":
    unittest.main()
