"""scripts/measure_paper_preset.py: the snippets it picks, the judge problems it writes from two
runs and a `semi` output, and the figures it reports."""

import importlib.util
import json
import os
import sqlite3
import tempfile
import unittest
from pathlib import Path

from support import REPOSITORY

SPEC = importlib.util.spec_from_file_location("measure_paper_preset",
                                              os.path.join(REPOSITORY, "scripts", "measure_paper_preset.py"))
measure = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(measure)

ADD = "def helper(x):\n    return x\n\ndef add(a, b):\n    return helper(a) + b"


def write_run(directory, selected_index, scores):
    """A run directory as `run` leaves it: the store's summarize and score units, the selection."""
    directory.mkdir(parents=True)
    db = sqlite3.connect(directory / "run.sqlite")
    db.execute("CREATE TABLE unit (stage TEXT, key TEXT, status TEXT, result TEXT)")
    candidates = [{"snippet_id": "s1", "index": i, "instruction": "Add two numbers, take %d." % i} for i in range(len(scores))]
    candidates.append({"snippet_id": "s1", "index": len(scores), "instruction": None, "rejection": "too short"})
    db.execute("INSERT INTO unit VALUES ('summarize', 's1/x', 'done', ?)", (json.dumps({"candidates": candidates}),))
    for index, score in enumerate(scores):
        db.execute("INSERT INTO unit VALUES ('score', ?, 'done', ?)",
                   ("s1/%d/x/y" % index, json.dumps({"score": {"score": score}})))
    db.commit()
    db.close()
    selection = {"snippet_id": "s1", "selected": [{"index": selected_index, "instruction": "Add a and b.",
                                                    "lm_score": scores[selected_index]}]}
    (directory / "selection.jsonl").write_text(json.dumps(selection) + "\n")
    (directory / "snippets.jsonl").write_text(json.dumps({"id": "s1", "code": ADD, "instruction": "Sum."}) + "\n")


class MeasurePaperPresetTests(unittest.TestCase):
    def setUp(self):
        self.temporary = tempfile.TemporaryDirectory()
        self.work = Path(self.temporary.name)

    def tearDown(self):
        self.temporary.cleanup()

    def test_the_entry_is_the_last_function_nothing_else_calls(self):
        self.assertEqual(measure.entry_function(ADD).name, "add")
        self.assertIsNone(measure.entry_function("x = 1"))
        self.assertIsNone(measure.entry_function("def broken(:"))

    def test_prepare_keeps_python_functions_without_input(self):
        source = self.work / "alpaca.json"
        source.write_text(json.dumps([
            {"instruction": "Say hi.", "input": "", "output": "print('hi')"},
            {"instruction": "Ask.", "input": "", "output": "def ask():\n    return input()"},
            {"instruction": "Add.", "input": "a and b", "output": ADD},
            {"instruction": "Twice.", "input": "", "output": "def twice(x):\n    return 2 * x"},
        ]))
        measure.prepare(source, 5, self.work / "m")
        pairs = measure.read_jsonl(self.work / "m" / "pairs.jsonl")
        self.assertEqual([p["instruction"] for p in pairs], ["Add.\na and b", "Twice."])
        self.assertEqual(measure.read_jsonl(self.work / "m" / "code.jsonl")[0], {"code": ADD})

    def test_judge_problems_hold_the_originals_behaviour(self):
        write_run(self.work / "default", 0, [0.7, 0.7])
        write_run(self.work / "paper", 1, [0.6, 0.8])
        tests = [{"input": "1, 2", "output": "3"}, {"input": "2, 2", "output": "4"}, {"input": "0.5, 1", "output": "1.5"},
                 {"input": "x", "output": "not a literal ("}]
        (self.work / "semi.jsonl").write_text(json.dumps({"origin_id": "s1", "tests": tests}) + "\n")
        measure.problems(self.work)
        problems = measure.read_jsonl(self.work / "judge.jsonl")
        self.assertEqual([p["task_id"] for p in problems], [c + "/s1" for c in measure.CONDITIONS])
        original = problems[0]
        self.assertEqual(original["entry_point"], "add")
        self.assertIn('def add(a, b):\n    """\n    Sum.\n    """\n', original["prompt"])
        self.assertIn("Add a and b.", problems[1]["prompt"])
        # The judge passes the original's own code and fails code that behaves otherwise.
        for body, passes in (("    return a + b\n", True), ("    return a - b\n", False)):
            scope = {}
            exec(original["prompt"] + body + original["test"], scope)
            if passes:
                scope["check"](scope["add"])
            else:
                with self.assertRaises(AssertionError):
                    scope["check"](scope["add"])

    def test_the_report_gives_spread_selection_and_judge_shares(self):
        write_run(self.work / "default", 0, [0.7, 0.7])
        write_run(self.work / "paper", 1, [0.6, 0.8])
        results = [{"task_id": c + "/s1", "passed": c != "paper-random"} for c in measure.CONDITIONS]
        (self.work / "judge_results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results))
        text = measure.report_text(self.work)
        self.assertIn("| usable candidates | 2 | 2 |", text)
        self.assertIn("| selected ≠ candidate 0 | 0% | 100% |", text)
        self.assertIn("| all candidates score the same | 100% | 0% |", text)
        self.assertIn("| within-snippet score range (median) | 0.000 | 0.200 |", text)
        self.assertIn("| paper | 100.0% | 1 |", text)
        self.assertIn("| paper-random | 0.0% | 1 |", text)


if __name__ == "__main__":
    unittest.main()
