"""Sources/Pipelines/SemiInstruct/Python/code_analyzer.py: one JSON request per line
({"op": ...}), one JSON reply per line, whatever the request."""

import os
import tempfile
import unittest

from support import LineHelper

PROGRAM = "Pipelines/SemiInstruct/Python/code_analyzer.py"


class CodeAnalyzerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.helper = LineHelper(PROGRAM)

    @classmethod
    def tearDownClass(cls):
        assert cls.helper.close() == 0

    def ask(self, **request):
        return self.helper.ask(request)

    # ---- analyze ----

    def test_analyze_function_signature(self):
        reply = self.ask(op="analyze", code="def add(a, b=1):\n    return a + b\n")
        self.assertEqual(reply, {"ok": True, "shape": "function", "entry": "add", "params": ["a", "b"],
                                 "min_args": 1, "max_args": 2})

    def test_analyze_entry_is_the_function_no_other_calls(self):
        code = "def helper(x):\n    return x * 2\n\ndef main_fn(xs):\n    return [helper(x) for x in xs]\n"
        reply = self.ask(op="analyze", code=code)
        self.assertEqual(reply["entry"], "main_fn")
        self.assertEqual(reply["shape"], "function")

    def test_analyze_varargs_has_no_maximum(self):
        reply = self.ask(op="analyze", code="def total(first, *rest):\n    return first + sum(rest)\n")
        self.assertEqual((reply["min_args"], reply["max_args"]), (1, None))

    def test_analyze_program_reading_stdin(self):
        code = "def solve(n):\n    return n * n\n\nn = int(input())\nprint(solve(n))\n"
        reply = self.ask(op="analyze", code=code)
        self.assertEqual(reply["shape"], "program")
        self.assertEqual(reply["entry"], "solve")

    def test_analyze_script_without_functions_is_a_program(self):
        self.assertEqual(self.ask(op="analyze", code="print(sum(range(10)))\n"), {"ok": True, "shape": "program"})

    def test_analyze_rejects_what_has_no_shape(self):
        self.assertFalse(self.ask(op="analyze", code="def broken(:\n")["ok"])
        self.assertIn("syntax error", self.ask(op="analyze", code="def broken(:\n")["error"])
        self.assertEqual(self.ask(op="analyze", code="import os\nX = 1\n"),
                         {"ok": False, "error": "no top-level function and no program statements"})
        self.assertEqual(self.ask(op="analyze", code="async def f():\n    pass\n"),
                         {"ok": False, "error": "only async functions"})

    # ---- split ----

    def test_split_keeps_shared_statements_and_called_helpers(self):
        source = ("import math\n\nSCALE = 2\n\n"
                  "def helper(x):\n    return x * SCALE\n\n"
                  "def first(xs):\n    return [helper(x) for x in xs]\n\n"
                  "def second(r):\n    return math.pi * r * r\n")
        reply = self.ask(op="split", code=source)
        self.assertTrue(reply["ok"])
        chunks = {chunk["name"]: chunk for chunk in reply["chunks"]}
        self.assertEqual(sorted(chunks), ["first", "second"])
        self.assertEqual(chunks["first"]["code"],
                         "import math\n\nSCALE = 2\n\ndef helper(x):\n    return x * SCALE\n\n"
                         "def first(xs):\n    return [helper(x) for x in xs]\n")
        self.assertNotIn("def first", chunks["second"]["code"])
        self.assertEqual(chunks["second"]["line"], 11)

    def test_split_leaves_a_program_whole(self):
        source = "def f(x):\n    return x\n\nprint(f(input()))\n"
        self.assertEqual(self.ask(op="split", code=source), {"ok": True, "chunks": [{"code": source, "line": 1}]})

    # ---- tests ----

    def test_tests_json_list_of_argument_lists(self):
        reply = self.ask(op="tests", text="[[1, 2], [3, 4], [1, 2]]", shape="function", min_args=2, max_args=2,
                         limit=10, params=["a", "b"])
        self.assertEqual(reply, {"ok": True, "inputs": [
            {"args": {"l": [{"i": "1"}, {"i": "2"}]}, "text": "1, 2"},
            {"args": {"l": [{"i": "3"}, {"i": "4"}]}, "text": "3, 4"},
        ]})

    def test_tests_asserts_read_the_entry_points_call_wherever_it_is(self):
        # MBPP's asserts wrap the call (set(...), round(...)); the entry point's call is the input.
        text = ("assert set(common((3, 4, 5), (5, 7, 4))) == set((4, 5))\n"
                "assert round(common((1,), (1, 2)), 2) == 1\n")
        reply = self.ask(op="tests", text=text, shape="function", min_args=2, max_args=2, limit=10,
                         params=["a", "b"], entry="common")
        self.assertTrue(reply["ok"], reply)
        self.assertEqual([item["text"] for item in reply["inputs"]], ["(3, 4, 5), (5, 7, 4)", "(1,), (1, 2)"])

    def test_tests_calls_one_per_line(self):
        text = "assert f(1, 'a') == 2\nf(2.5, None)\n"
        reply = self.ask(op="tests", text=text, shape="function", min_args=2, max_args=2, limit=10, params=["x", "y"])
        self.assertEqual([item["text"] for item in reply["inputs"]], ["1, 'a'", "2.5, None"])
        self.assertEqual(reply["inputs"][1]["args"], {"l": [{"f": "2.5"}, {"n": 0}]})

    def test_tests_one_argument_list_reads_both_ways(self):
        reply = self.ask(op="tests", text="[[1, 2, 3], [4]]", shape="function", min_args=1, max_args=1,
                         limit=10, params=["numbers"])
        self.assertEqual([item["text"] for item in reply["inputs"]], ["[1, 2, 3]", "[4]", "1", "2", "3", "4"])

    def test_tests_objects_by_parameter_name(self):
        text = '[{"a": 1, "b": 2, "expected": 3}, {"input": [5, 6]}]'
        reply = self.ask(op="tests", text=text, shape="function", min_args=2, max_args=2, limit=10, params=["a", "b"])
        self.assertEqual([item["text"] for item in reply["inputs"]], ["1, 2", "5, 6"])

    def test_tests_salvages_a_truncated_list(self):
        reply = self.ask(op="tests", text="[[1, 2], [3, 4], [5,", shape="function", min_args=2, max_args=2,
                         limit=10, params=["a", "b"])
        self.assertEqual([item["text"] for item in reply["inputs"]], ["1, 2", "3, 4"])

    def test_tests_are_never_executed(self):
        with tempfile.TemporaryDirectory() as directory:
            marker = os.path.join(directory, "ran")
            text = "[__import__('os').system('touch %s')]\nopen(%r, 'w')" % (marker, marker)
            reply = self.ask(op="tests", text=text, shape="function", min_args=1, max_args=1, limit=10, params=["x"])
            self.assertFalse(os.path.exists(marker))
        # Only the literal arguments of the calls are read.
        self.assertEqual([item["text"] for item in reply["inputs"]], ["'os'"])

    def test_tests_for_a_program_become_stdin(self):
        reply = self.ask(op="tests", text='["3\\n1 2 3", [2, [4, 5]], "3\\n1 2 3\\n"]', shape="program",
                         min_args=0, limit=10, params=[])
        self.assertEqual(reply, {"ok": True, "inputs": ["3\n1 2 3\n", "2\n4 5\n"]})

    def test_tests_limit_and_misfit(self):
        reply = self.ask(op="tests", text="[[1], [2], [3]]", shape="function", min_args=1, max_args=1, limit=2,
                         params=["x"])
        self.assertEqual(len(reply["inputs"]), 2)
        reply = self.ask(op="tests", text="[[1, 2, 3]]", shape="function", min_args=2, max_args=2, limit=5,
                         params=["a", "b"])
        self.assertEqual(reply, {"ok": False, "error": "no test input fits the function's 2-argument signature"})
        self.assertEqual(self.ask(op="tests", text="  ", shape="function", min_args=1, max_args=1, params=["x"]),
                         {"ok": False, "error": "no test inputs"})

    # ---- complete ----

    def test_complete_takes_missing_imports_and_helpers_from_the_original(self):
        original = "import re\nimport math\n\ndef clean(s):\n    return re.sub(r'\\s+', ' ', s)\n\ndef f(s):\n    return clean(s)\n"
        code = "def g(s):\n    return clean(s).upper()\n"
        reply = self.ask(op="complete", code=code, original=original)
        self.assertEqual(reply["added"], ["clean", "re"])
        self.assertEqual(reply["code"], "import re\ndef clean(s):\n    return re.sub(r'\\s+', ' ', s)\n\n\n" + code)

    def test_complete_leaves_self_contained_code_alone(self):
        code = "def g(x):\n    return len(x)\n"
        self.assertEqual(self.ask(op="complete", code=code, original="import os\n"),
                         {"ok": True, "code": code, "added": []})

    # ---- the protocol ----

    def test_every_request_gets_a_reply(self):
        self.assertEqual(self.ask(op="nonsense"), {"ok": False, "error": "unknown op"})
        reply = self.ask(op="analyze")
        self.assertFalse(reply["ok"])
        self.assertIn("KeyError", reply["error"])
        self.assertTrue(self.ask(op="analyze", code="def f():\n    return 1\n")["ok"])


if __name__ == "__main__":
    unittest.main()
