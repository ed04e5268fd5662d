"""scripts/measure_verify.py: the MBPP input file, the verdict shares, reasons and pairing, and the LM-score AUC."""

import json
import os
import tempfile
import unittest

from support import script

measure_verify = script("measure_verify")


class MeasureVerifyTests(unittest.TestCase):
    def test_pairs_fence_the_reference_solution_and_keep_the_asserts(self):
        task = {"task_id": 2, "text": " Add two numbers. ", "code": "def add(a, b):\r\n\treturn a + b",
                "test_list": ["assert add(1, 2) == 3"]}
        [pair] = measure_verify.pairs([task])
        self.assertEqual(pair["instruction"], "Add two numbers.")
        self.assertEqual(pair["response"], "```python\ndef add(a, b):\n\treturn a + b\n```")
        self.assertEqual(pair["test_list"], ["assert add(1, 2) == 3"])
        self.assertEqual(pair["task_id"], 2)

    def test_figures_from_a_selection_file(self):
        selection = [
            {"snippet_id": "a", "selected": [{"lm_score": 0.9, "verification": {"verdict": "verified"}}],
             "original_verification": {"verdict": "verified"}},
            {"snippet_id": "b", "selected": [{"lm_score": 0.7, "verification": {"verdict": "contradicted",
                                                                              "reason": "disagreement"}}],
             "original_verification": {"verdict": "verified"}},
            {"snippet_id": "c", "selected": [{"lm_score": 0.8, "verification": {"verdict": "not_checkable"}}]},
            {"snippet_id": "d", "reason": "no usable candidate"},
            {"snippet_id": "e", "selected": [{"lm_score": 0.6, "verification": {"verdict": "contradicted",
                                                                              "reason": "generated code failed"}}],
             "original_verification": {"verdict": "contradicted", "reason": "disagreement"}},
        ]
        result = measure_verify.figures(selection)
        self.assertEqual(result["selected"], {"verified": 1, "contradicted": 2, "not_checkable": 1})
        self.assertEqual(result["original"], {"verified": 2, "contradicted": 1})
        self.assertEqual(result["reasons"]["selected"], {"disagreement": 1, "generated code failed": 1})
        self.assertEqual(result["paired"], {("verified", "verified"): 1, ("contradicted", "verified"): 1,
                                            ("contradicted", "contradicted"): 1})
        self.assertEqual(result["auc"], 1.0)
        self.assertEqual(result["without_selection"], 1)
        text = measure_verify.report(result)
        self.assertIn("selected instructions: 4 checked: verified 1 (25.0%)", text)
        self.assertIn("  contradicted: disagreement 1, generated code failed 1", text)
        self.assertIn("MBPP texts (ceiling): 3 checked: verified 2 (66.7%)", text)
        self.assertIn("paired by task (3): both verified 1, only the selected 0, only the MBPP text 1, neither 1; "
                      "sign test p = 1", text)
        self.assertIn("LM-score AUC, verified vs contradicted: 1.000 (1 verified, 2 contradicted, 95 % interval", text)

    def test_prepare_and_report_from_the_command_line(self):
        with tempfile.TemporaryDirectory() as work:
            mbpp = os.path.join(work, "mbpp.jsonl")
            with open(mbpp, "w", encoding="utf-8") as handle:
                for n in range(3):
                    handle.write(json.dumps({"task_id": n, "text": f"t{n}", "code": "x = 1", "test_list": []}) + "\n")
            out = os.path.join(work, "pairs.jsonl")
            self.assertEqual(measure_verify.main(["prepare", mbpp, "2", out]), 0)
            with open(out, encoding="utf-8") as handle:
                self.assertEqual(len(handle.readlines()), 2)
            self.assertEqual(measure_verify.main(["nonsense"]), 2)


if __name__ == "__main__":
    unittest.main()
