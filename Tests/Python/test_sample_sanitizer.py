"""Sources/Benchmarks/Python/sample_sanitizer.py: one JSON list of [code, entry point] per line
in, one JSON list of sanitized code per line out, by evalplus 0.3.1's `sanitize` rules (the
expected outputs below are what `evalplus.sanitize.sanitize` returns for the same inputs)."""

import unittest

from support import LineHelper

PROGRAM = "Benchmarks/Python/sample_sanitizer.py"


class SampleSanitizerTests(unittest.TestCase):
    def setUp(self):
        self.helper = LineHelper(PROGRAM)

    def tearDown(self):
        self.assertEqual(self.helper.close(), 0)

    def sanitize(self, code, entry_point="f"):
        return self.helper.ask([[code, entry_point]])[0]

    def test_drops_the_models_own_asserts_and_prints(self):
        code = "import math\ndef f(x):\n    return math.sqrt(x)\n\nassert f(4) == 2\nprint(f(9))\n"
        self.assertEqual(self.sanitize(code), "import math\ndef f(x):\n    return math.sqrt(x)")

    def test_keeps_what_the_entry_point_reaches_and_nothing_else(self):
        code = ("LIMIT = 10\nUNUSED = 3\n"
                "def helper(x):\n    return x + LIMIT\n"
                "def other():\n    return 1\n"
                "def f(x):\n    return helper(x)\n"
                "if __name__ == '__main__':\n    print(f(1))\n")
        self.assertEqual(self.sanitize(code),
                         "LIMIT = 10\ndef helper(x):\n    return x + LIMIT\ndef f(x):\n    return helper(x)")

    def test_takes_the_longest_parsing_run_out_of_prose(self):
        text = "Here is the code:\n```python\ndef f(x):\n    return x * 2\n```\nIt doubles x: neat.\n"
        self.assertEqual(self.sanitize(text), "def f(x):\n    return x * 2")

    def test_a_function_without_return_and_a_decorated_one_are_dropped_as_evalplus_does(self):
        self.assertEqual(self.sanitize("def g():\n    pass\ndef f():\n    return g()\n"), "def f():\n    return g()")
        decorated = "import functools\n@functools.cache\ndef f(n):\n    return n\n"
        self.assertEqual(self.sanitize(decorated), "import functools")

    def test_first_definition_of_a_name_wins(self):
        code = "def f():\n    return 1\ndef f():\n    return 2\n"
        self.assertEqual(self.sanitize(code), "def f():\n    return 1")

    def test_classes_and_names_inside_f_strings_count_as_dependencies(self):
        code = ("class Box:\n    pass\nNAME = 'x'\n"
                "def f():\n    return f'{NAME}', Box()\n")
        self.assertEqual(self.sanitize(code), code.strip())

    def test_without_an_entry_point_every_definition_stays(self):
        code = "def a():\n    return 1\ndef b():\n    return 2\nassert a() == 1\n"
        self.assertEqual(self.sanitize(code, None), "def a():\n    return 1\ndef b():\n    return 2")

    def test_code_with_nothing_to_keep_comes_back_as_its_parsing_run(self):
        self.assertEqual(self.sanitize("print('hello')\nprint('bye')\n"), "print('hello')\nprint('bye')")
        self.assertEqual(self.sanitize("not python at all"), "not python at all")

    def test_answers_a_batch_in_order(self):
        answers = self.helper.ask([["def f():\n    return 1\nassert f()\n", "f"], ["x = 1\n", None]])
        self.assertEqual(answers, ["def f():\n    return 1", "x = 1"])


if __name__ == "__main__":
    unittest.main()
