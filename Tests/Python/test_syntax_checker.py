"""Sources/InstructData/Python/syntax_checker.py: one JSON list of sources per line in, one
JSON list of verdicts per line out."""

import unittest

from support import LineHelper

PROGRAM = "InstructData/Python/syntax_checker.py"


class SyntaxCheckerTests(unittest.TestCase):
    def setUp(self):
        self.helper = LineHelper(PROGRAM)

    def tearDown(self):
        self.assertEqual(self.helper.close(), 0)

    def test_classifies_code_trivial_and_invalid(self):
        sources = [
            "def add(a, b):\n    return a + b\n",
            "x = 1",
            "print('hi')",
            "42",
            "[1, 2, 3]",
            "True",
            "word",
            "",
            "# only a comment\n",
            "def broken(:\n    pass",
            "Here is the function you asked for:",
            "lambda x: x",
            "```python\nprint(1)\n```",
        ]
        self.assertEqual(self.helper.ask(sources), [
            "code", "code", "code", "trivial", "trivial", "trivial", "trivial", "trivial", "trivial",
            "invalid", "invalid", "code", "invalid",
        ])

    def test_one_reply_per_batch_in_order(self):
        self.assertEqual(self.helper.ask([]), [])
        self.assertEqual(self.helper.ask(["1 +", "f()"]), ["invalid", "code"])
        self.assertEqual(self.helper.ask(["名前 = 'π'"]), ["code"])

    def test_survives_what_the_parser_rejects(self):
        deeply_nested = "(" * 10000 + ")" * 10000
        with_null = "x = 1\x00"
        self.assertEqual(self.helper.ask([deeply_nested, with_null, "ok = 1"]), ["invalid", "invalid", "code"])

    def test_syntax_warnings_stay_off_the_reply_channel(self):
        # An invalid escape warns on parse; the warning must not reach stdout or fail the verdict.
        self.assertEqual(self.helper.ask(["s = '\\d'", "assert (1, 'message')"]), ["code", "code"])


if __name__ == "__main__":
    unittest.main()
