"""scripts/measure_paper_preset.py: the snippets it picks, the judge problems it writes from the
runs and a `semi` output, its copies of the tool's two Yes/No readings, and the figures it
reports."""

import json
import math
import sqlite3
import tempfile
import unittest
from pathlib import Path

from support import script

measure = script("measure_paper_preset")

ADD = "def helper(x):\n    return x\n\ndef add(a, b):\n    return helper(a) + b"


def write_run(directory, selected_index, scores, tops=None):
    """A run directory as `run` leaves it: the store's summarize and score units (with the top
    logprobs when given), the selection."""
    directory.mkdir(parents=True)
    db = sqlite3.connect(directory / "run.sqlite")
    db.execute("CREATE TABLE unit (stage TEXT, key TEXT, status TEXT, result TEXT)")
    candidates = [{"snippet_id": "s1", "index": i, "instruction": "Add two numbers, take %d." % i} for i in range(len(scores))]
    candidates.append({"snippet_id": "s1", "index": len(scores), "instruction": None, "rejection": "too short"})
    db.execute("INSERT INTO unit VALUES ('summarize', 's1/x', 'done', ?)", (json.dumps({"candidates": candidates}),))
    for index, score in enumerate(scores):
        result = {"score": {"score": score}}
        if tops:
            result["top"] = tops[index]
        db.execute("INSERT INTO unit VALUES ('score', ?, 'done', ?)", ("s1/%d/x/y" % index, json.dumps(result)))
    db.commit()
    db.close()
    selection = {"snippet_id": "s1", "selected": [{"index": selected_index,
                                                    "instruction": candidates[selected_index]["instruction"],
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

    def write_semi(self, tests):
        (self.work / "semi.jsonl").write_text(json.dumps(
            {"origin_id": "s1", "origin": {"file": "code.jsonl", "index": 0, "line": 1}, "tests": tests}) + "\n")

    def test_only_snippets_with_three_literal_tests_are_judgeable(self):
        pairs = [{"instruction": "Add.", "response": ADD}, {"instruction": "Twice.", "response": "def twice(x): ..."}]
        measure.write_jsonl(self.work / "pairs.jsonl", pairs)
        tests = [{"input": "1, 2", "output": "3"}, {"input": "2, 2", "output": "4"}, {"input": "x", "output": "nope ("}]
        records = [{"origin_id": "s1", "origin": {"index": 0}, "tests": tests + [{"input": "0, 0", "output": "0"}]},
                   {"origin_id": "s2", "origin": {"index": 1}, "tests": tests}]
        measure.write_jsonl(self.work / "semi.jsonl", records)
        measure.judgeable(self.work)
        self.assertEqual(measure.read_jsonl(self.work / "judged_pairs.jsonl"), pairs[:1])

    def test_judge_problems_hold_the_originals_behaviour(self):
        write_run(self.work / "default", 0, [0.7, 0.7])
        write_run(self.work / "paper", 1, [0.6, 0.8])
        self.write_semi([{"input": "1, 2", "output": "3"}, {"input": "2, 2", "output": "4"},
                         {"input": "0.5, 1", "output": "1.5"}, {"input": "x", "output": "not a literal ("}])
        measure.problems(self.work)
        problems = measure.read_jsonl(self.work / "judge.jsonl")
        judge_map = json.loads((self.work / "judge_map.json").read_text())["s1"]
        # Only the runs that exist; the rereads need stored top logprobs, which these runs lack.
        self.assertEqual(set(judge_map), {"original", "default", "paper", "default-random", "paper-random"})
        self.assertEqual([judge_map[c] for c in ("original", "default", "paper")],
                         ["original/s1", "default/s1", "paper/s1"])
        # One problem per distinct text: a random pick with the selected text shares its problem.
        self.assertEqual(sorted(p["task_id"] for p in problems), sorted(set(judge_map.values())))
        original = problems[0]
        self.assertEqual(original["entry_point"], "add")
        self.assertIn('def add(a, b):\n    """\n    Sum.\n    """\n', original["prompt"])
        self.assertIn("Add two numbers, take 0.", problems[1]["prompt"])
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
        results = [{"task_id": c + "/s1", "passed": c != "paper-random"}
                   for c in ["original", "default", "paper", "default-random", "paper-random"]]
        (self.work / "judge_results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results))
        text = measure.report_text(self.work)
        self.assertIn("| | default | paper |", text)
        self.assertIn("| usable candidates | 2 | 2 |", text)
        self.assertIn("| selected ≠ candidate 0 | 0% | 100% |", text)
        self.assertIn("| all candidates score the same | 100% | 0% |", text)
        self.assertIn("| within-snippet score range (median) | 0.000 | 0.200 |", text)
        self.assertIn("| paper | 100.0% (1) | 1 |", text)
        self.assertIn("| paper-random | 0.0% (0) | 1 |", text)
        self.assertIn("| paper vs paper-random | 1 | 0 | 0 | 1 |", text)
        self.assertNotIn("paper-cleaned", text)

    def test_rereading_selects_again_and_shared_problems_share_verdicts(self):
        # Candidate 1 wins on the merged reading (" Yes" adds to Yes) and loses on the reference's
        # (one token each); candidate 0 is the other way round.
        tops = [{"Yes": math.log(0.5), "No": math.log(0.3)},
                {"Yes": math.log(0.3), " Yes": math.log(0.3), "No": math.log(0.35)}]
        scores = [measure.default_reading(top) for top in tops]
        self.assertGreater(scores[1], scores[0])
        write_run(self.work / "default", 1, scores, tops)
        paper_scores = [measure.reference_reading(top) for top in tops]
        write_run(self.work / "paper", 0, paper_scores, tops)
        self.write_semi([{"input": "1, 2", "output": "3"}, {"input": "2, 2", "output": "4"},
                         {"input": "0, 1", "output": "1"}])
        measure.problems(self.work)
        judge_map = json.loads((self.work / "judge_map.json").read_text())["s1"]
        tasks = {p["task_id"]: p["prompt"] for p in measure.read_jsonl(self.work / "judge.jsonl")}
        self.assertIn("take 0.", tasks[judge_map["default-paper-reading"]])
        self.assertIn("take 1.", tasks[judge_map["paper-default-reading"]])
        passed = {task: "take 0." in prompt for task, prompt in tasks.items()}
        (self.work / "judge_results.jsonl").write_text(
            "".join(json.dumps({"task_id": t, "passed": p}) + "\n" for t, p in passed.items()))
        text = measure.report_text(self.work)
        self.assertIn("| the other Yes/No reading selects another candidate | 1 of 1 | 1 of 1 |", text)
        self.assertIn("| its Yes/No reading, redone here, gives the stored score | 2 of 2 | 2 of 2 |", text)
        self.assertIn("| default-paper-reading | 100.0% (1) | 1 |", text)
        self.assertIn("| paper-default-reading | 0.0% (0) | 1 |", text)


class ReadingTests(unittest.TestCase):
    """The script's copies of LMScore's two readings (ReferenceScoreReadingTests in Swift)."""

    def test_the_merged_reading_sums_variants_and_gives_none_without_either_word(self):
        self.assertAlmostEqual(measure.default_reading(
            {"Yes": math.log(0.3), " Yes": math.log(0.2), "yes": math.log(0.1), "No": math.log(0.3)}), 0.6 / 0.9)
        self.assertAlmostEqual(measure.default_reading({"▁No.": math.log(0.2), "The": -0.1}), 0.0)
        self.assertIsNone(measure.default_reading({"The": -0.1, "This": -2}))

    def test_the_reference_reads_one_token_each_in_the_top_five(self):
        self.assertEqual(measure.reference_reading({"The": -0.1, "This": -2, "Here": -3, "It": -4, "A": -5}), 0.5)
        self.assertEqual(measure.reference_reading(
            {"The": -0.1, "This": -2, "Here": -3, "It": -4, "A": -5, "Yes": -6}), 0.5)
        self.assertAlmostEqual(measure.reference_reading(
            {"Yes": math.log(0.3), " Yes": math.log(0.2), "yes": math.log(0.1), "No": math.log(0.3)}), 0.5)
        self.assertAlmostEqual(measure.reference_reading({"▁Yes": math.log(0.6), "▁No": math.log(0.2)}), 0.75)
        self.assertAlmostEqual(measure.reference_reading({"Yes": -0.5, "The": -1}), 1 / (1 + math.exp(-99.5)))
        self.assertLess(measure.reference_reading({"No": -0.5}), 1e-40)

    def test_as_stands_in_for_a_missing_no(self):
        self.assertAlmostEqual(measure.reference_reading(
            {"Yes": math.log(0.2), "As": math.log(0.6), "The": math.log(0.1)}), 0.25)
        self.assertAlmostEqual(measure.reference_reading(
            {"Yes": math.log(0.2), "As": math.log(0.6), "No": math.log(0.2)}), 0.5)


if __name__ == "__main__":
    unittest.main()
