"""Sources/Sandbox/Python/sandbox_worker.py, started as a plain process (no bubblewrap, as
`Isolation.none` starts it): a ready line, then one JSON job per line in and one JSON result
per line out, with the verdict kept by the worker, never by the job."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from support import command

PROGRAM = "Sandbox/Python/sandbox_worker.py"


def job(shape, program, timeout=5.0, **fields):
    """A job as SandboxPool's WireJob writes it, with the pool's default limits."""
    limits = {"cpu": int(timeout) + 2, "memory": 2 << 30, "file_size": 1 << 20, "processes": 32, "open_files": 256}
    limits.update(fields.pop("limits", {}))
    return dict(shape=shape, program=program, timeout=timeout, limits=limits, **fields)


class SandboxWorkerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="sandbox-worker-test-")
        config = {"tail_bytes": 2048, "pool": "python-tests", "sweep_namespace": False, "base_dir": cls.scratch}
        # Isolation.swift: python -I -B -c SOURCE CONFIG
        arguments = command(PROGRAM, json.dumps(config, sort_keys=True))
        arguments.insert(2, "-B")
        cls.worker = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, encoding="utf-8")
        cls.ready = json.loads(cls.worker.stdout.readline())

    @classmethod
    def tearDownClass(cls):
        cls.worker.stdin.close()
        status = cls.worker.wait(timeout=10)
        cls.worker.stdout.close()
        cls.worker.stderr.close()
        shutil.rmtree(cls.scratch, ignore_errors=True)
        assert status == 0, "the worker did not end cleanly when its input closed (status %s)" % status

    def run_job(self, request):
        self.worker.stdin.write(json.dumps(request) + "\n")
        self.worker.stdin.flush()
        line = self.worker.stdout.readline()
        if not line:
            self.fail("the worker ended: " + self.worker.stderr.read())
        return json.loads(line)

    def test_ready_line(self):
        self.assertEqual(self.ready["ready"], True)
        self.assertEqual(self.ready["pid"], self.worker.pid)

    # ---- assertion jobs ----

    def test_passing_assertions(self):
        result = self.run_job(job("assert", "def add(a, b):\n    return a + b\n", tests="assert add(1, 2) == 3\n", id=7))
        self.assertEqual((result["id"], result["status"], result["stage"]), (7, "passed", "done"))

    def test_failing_assertions(self):
        result = self.run_job(job("assert", "def add(a, b):\n    return a - b\n",
                                  tests="assert add(1, 2) == 3, 'add is wrong'\n"))
        self.assertEqual((result["status"], result["stage"], result["exception"], result["message"]),
                         ("failed", "tests", "AssertionError", "add is wrong"))

    def test_humaneval_check_function(self):
        tests = "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(3) == 9\n"
        passing = self.run_job(job("assert", "def square(x):\n    return x * x\n", tests=tests,
                                   check_function="check", entry_point="square"))
        self.assertEqual(passing["status"], "passed")
        failing = self.run_job(job("assert", "def square(x):\n    return x + x\n", tests=tests,
                                   check_function="check", entry_point="square"))
        self.assertEqual((failing["status"], failing["stage"], failing["exception"]), ("failed", "check", "AssertionError"))
        missing = self.run_job(job("assert", "def other(x):\n    return x\n", tests=tests,
                                   check_function="check", entry_point="square"))
        self.assertEqual((missing["status"], missing["exception"]), ("failed", "NameError"))

    def test_error_in_the_program(self):
        result = self.run_job(job("assert", "raise ValueError('boom')\n", tests="pass\n"))
        self.assertEqual((result["status"], result["stage"], result["exception"], result["message"]),
                         ("error", "program", "ValueError", "boom"))

    def test_program_that_exits_early_does_not_pass(self):
        # Exiting cleanly before the tests ran sends no verdict: no verdict, no pass.
        result = self.run_job(job("assert", "import os\nos._exit(0)\n", tests="assert False\n"))
        self.assertEqual((result["status"], result["exception"]), ("error", "EarlyExit"))

    def test_forged_verdict_on_stdout_does_not_count(self):
        program = "import sys, os\nprint('{\"status\": \"passed\"}')\nsys.stdout.flush()\nos._exit(0)\n"
        result = self.run_job(job("assert", program, tests="assert False\n"))
        self.assertEqual(result["status"], "error")
        self.assertIn('"passed"', result["stdout"])

    # ---- limits ----

    def test_endless_job_times_out(self):
        started = time.monotonic()
        result = self.run_job(job("assert", "while True:\n    pass\n", timeout=1.0, tests="pass\n"))
        self.assertEqual(result["status"], "timeout")
        self.assertEqual(result["message"], "wall-clock limit of 1s reached")
        self.assertLess(time.monotonic() - started, 5)

    def test_sleeping_job_times_out(self):
        result = self.run_job(job("assert", "import time\ntime.sleep(60)\n", timeout=0.5, tests="pass\n"))
        self.assertEqual(result["status"], "timeout")

    def test_cpu_limit(self):
        result = self.run_job(job("assert", "while True:\n    pass\n", timeout=20.0, tests="pass\n", limits={"cpu": 1}))
        self.assertEqual((result["status"], result["message"]), ("timeout", "CPU time limit reached"))

    def test_memory_limit(self):
        result = self.run_job(job("assert", "x = bytearray(1 << 30)\n", tests="pass\n", limits={"memory": 256 << 20}))
        self.assertEqual((result["status"], result["exception"]), ("memory", "MemoryError"))

    def test_worker_is_usable_after_a_timeout(self):
        self.run_job(job("assert", "while True:\n    pass\n", timeout=0.3, tests="pass\n"))
        result = self.run_job(job("assert", "x = 1\n", tests="assert x == 1\n"))
        self.assertEqual(result["status"], "passed")

    def test_processes_left_behind_are_killed(self):
        program = ("import os, time\n"
                   "pid = os.fork()\n"
                   "if pid == 0:\n"
                   "    os.setsid()\n"
                   "    time.sleep(60)\n"
                   "    os._exit(0)\n"
                   "print(pid)\n")
        result = self.run_job(job("assert", program, tests="pass\n"))
        self.assertEqual(result["status"], "passed")
        orphan = int(result["stdout"].strip())
        deadline = time.monotonic() + 5
        while os.path.exists("/proc/%d" % orphan) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(os.path.exists("/proc/%d" % orphan), "the job's background process survived")

    # ---- the job directory ----

    def test_job_directory_is_emptied_between_jobs(self):
        first = self.run_job(job("assert", "open('left-behind.txt', 'w').write('x')\n", tests="pass\n"))
        self.assertEqual(first["status"], "passed")
        second = self.run_job(job("assert", "import os\nnames = os.listdir('.')\n", tests="assert names == [], names\n"))
        self.assertEqual(second["status"], "passed", second.get("message"))

    # ---- function calls ----

    def test_function_call_outputs_and_expected_values(self):
        program = "def half(x):\n    if x == 0:\n        raise ZeroDivisionError('zero')\n    return x / 2\n"
        result = self.run_job(job("call", program, entry_point="half", inputs=[[4], {"l": [{"i": "3"}]}, [0]]))
        self.assertEqual(result["status"], "passed")
        self.assertEqual([(o["status"], o.get("value")) for o in result["outputs"]],
                         [("ok", {"f": "2.0"}), ("ok", {"f": "1.5"}), ("exception", None)])
        self.assertEqual(result["outputs"][2]["exception"], "ZeroDivisionError")

        matching = self.run_job(job("call", program, entry_point="half", inputs=[[4], [3]],
                                    expected=[{"f": "2.0"}, {"f": "1.5000000001"}]))
        self.assertEqual(matching["status"], "passed")
        self.assertEqual([o["match"] for o in matching["outputs"]], [True, True])

        wrong = self.run_job(job("call", program, entry_point="half", inputs=[[4], [3]],
                                 expected=[{"f": "2.0"}, {"f": "7.0"}]))
        self.assertEqual((wrong["status"], wrong["exception"]), ("failed", "WrongOutput"))
        self.assertTrue(wrong["message"].startswith("input 1:"))

    def test_function_call_tagged_values_round_trip(self):
        program = "def same(x):\n    return x\n"
        value = {"d": [[{"t": [{"i": "1"}, {"s": "a"}]}, {"set": [{"b": True}]}]]}
        # An input is an argument list: plain JSON, or tagged as a whole.
        result = self.run_job(job("call", program, entry_point="same", inputs=[{"l": [value]}], expected=[value]))
        self.assertEqual(result["status"], "passed")
        self.assertEqual(result["outputs"][0]["value"], value)
        self.assertEqual(result["outputs"][0]["repr"], "{(1, 'a'): {True}}")

    def test_function_call_without_the_function(self):
        result = self.run_job(job("call", "x = 1\n", entry_point="f", inputs=[[1]]))
        self.assertEqual((result["status"], result["exception"]), ("error", "NameError"))

    # ---- standard input and output ----

    def test_standard_io(self):
        program = "n = int(input())\nprint(sum(map(int, input().split())) * n)\n"
        result = self.run_job(job("stdio", program, stdin="2\n1 2 3\n", expected_stdout="12"))
        self.assertEqual((result["status"], result["output"]), ("passed", "12\n"))
        wrong = self.run_job(job("stdio", program, stdin="2\n1 2 3\n", expected_stdout="13"))
        self.assertEqual((wrong["status"], wrong["exception"]), ("failed", "WrongOutput"))
        exits = self.run_job(job("stdio", "import sys\nprint('x')\nsys.exit(3)\n", stdin=""))
        self.assertEqual((exits["status"], exits["exception"]), ("error", "SystemExit"))

    def test_output_tails_are_captured(self):
        program = "import sys\nprint('a' * 5000)\nsys.stderr.write('warning\\n')\n"
        result = self.run_job(job("stdio", program, stdin="", return_stdout=False))
        self.assertEqual(result["stdout_bytes"], 5001)
        self.assertEqual(len(result["stdout"]), 2048)
        self.assertEqual(result["stderr"], "warning\n")
        self.assertNotIn("output", result)

    # ---- command jobs (compiled and interpreted programs in other languages) ----

    def commands_job(self, files, *steps, **fields):
        return job("commands", "", files=files, commands=[dict(stage=stage, argv=argv, timeout=timeout, **extra)
                                                          for stage, argv, timeout, extra in steps], **fields)

    def test_commands_run_in_order_in_the_job_directory(self):
        files = {"main.sh": "echo compiled > out.txt\n", "run.sh": "cat out.txt\n"}
        result = self.run_job(self.commands_job(files, ("compile", ["/bin/sh", "main.sh"], 5, {}),
                                                ("run", ["/bin/sh", "run.sh"], 5, {})))
        self.assertEqual((result["status"], result["stage"], result["stdout"]), ("passed", "done", "compiled\n"))

    def test_a_failing_compile_stops_the_job(self):
        result = self.run_job(self.commands_job({}, ("compile", ["/bin/sh", "-c", "echo bad >&2; exit 1"], 5, {}),
                                                ("run", ["/bin/sh", "-c", "echo ran"], 5, {})))
        self.assertEqual((result["status"], result["stage"], result["exception"]), ("failed", "compile", "CompileError"))
        self.assertEqual(result["stderr"], "bad\n")

    def test_exit_status_decides(self):
        result = self.run_job(self.commands_job({}, ("run", ["/bin/sh", "-c", "exit 3"], 5, {})))
        self.assertEqual((result["status"], result["stage"], result["message"]), ("failed", "run", "run: exit status 3"))

    def test_a_crash_is_a_failure(self):
        result = self.run_job(self.commands_job({}, ("run", ["/bin/sh", "-c", "kill -ABRT $$"], 5, {})))
        self.assertEqual((result["status"], result["exception"]), ("failed", "Signal"))

    def test_failing_output_text(self):
        step = ("run", ["/bin/sh", "-c", "echo 'PHP Parse error: x'"], 5, {"fail_output": ["PHP Parse error"]})
        result = self.run_job(self.commands_job({}, step))
        self.assertEqual((result["status"], result["exception"]), ("failed", "FailingOutput"))

    def test_endless_command_times_out_and_nothing_is_left(self):
        started = time.monotonic()
        result = self.run_job(self.commands_job({}, ("run", ["/bin/sh", "-c", "sleep 60 & while :; do :; done"], 0.5, {})))
        self.assertEqual((result["status"], result["message"]), ("timeout", "run: wall-clock limit of 0.5s reached"))
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(self.run_job(self.commands_job({}, ("run", ["/bin/true"], 5, {})))["status"], "passed")

    def test_step_limits_apply(self):
        result = self.run_job(self.commands_job({}, ("run", ["/bin/sh", "-c", "while :; do :; done"], 20,
                                                     {"limits": {"cpu": 1}})))
        self.assertEqual((result["status"], result["message"]), ("timeout", "run: CPU time limit reached"))

    def test_command_output_is_capped(self):
        result = self.run_job(self.commands_job({}, ("run", ["/bin/sh", "-c", "yes | head -c 5000000; exit 0"], 5,
                                                     {"limits": {"file_size": 100000}})))
        self.assertLessEqual(result["stdout_bytes"], 100000)
        self.assertEqual(len(result["stdout"]), 2048)

    def test_missing_program_fails(self):
        result = self.run_job(self.commands_job({}, ("run", ["/nonexistent/compiler"], 5, {})))
        self.assertEqual((result["status"], result["message"]), ("failed", "run: exit status 127"))
        self.assertIn("cannot run /nonexistent/compiler", result["stderr"])

    def test_file_names_stay_in_the_job_directory(self):
        result = self.run_job(self.commands_job({"../escape.txt": "x"}, ("run", ["/bin/true"], 5, {})))
        self.assertEqual((result["status"], result["stage"], result["exception"]), ("error", "setup", "ValueError"))
        self.assertFalse(os.path.exists(os.path.join(self.scratch, "escape.txt")))

    # ---- the protocol ----

    def test_unreadable_line_gets_an_error_and_the_worker_goes_on(self):
        self.worker.stdin.write("not json\n")
        self.worker.stdin.flush()
        reply = json.loads(self.worker.stdout.readline())
        self.assertEqual((reply["status"], reply["exception"]), ("error", "ProtocolError"))
        self.assertEqual(self.run_job(job("assert", "pass\n", tests="pass\n"))["status"], "passed")

    def test_unknown_shape(self):
        result = self.run_job(job("nonsense", "pass\n"))
        self.assertEqual((result["status"], result["stage"]), ("error", "setup"))


if __name__ == "__main__":
    unittest.main()
