"""Sources/ModelClient/Python/engine_launcher.py, with a stand-in `xllamacpp` module on
PYTHONPATH (the launcher runs without -I, inside the engine environment): the parameters it
builds from its arguments, the ready file, and how it ends."""

import json
import os
import signal
import subprocess
import tempfile
import textwrap
import time
import unittest

from support import command

PROGRAM = "ModelClient/Python/engine_launcher.py"

FAKE_XLLAMACPP = textwrap.dedent('''
    import json, os

    class _Group:
        pass

    class CommonParams:
        def __init__(self):
            self.model = _Group()
            self.cpuparams = _Group()
            self.cpuparams_batch = _Group()

    class Server:
        def __init__(self, params):
            record = {
                "model": params.model.path, "alias": sorted(params.model_alias), "hostnames": params.hostnames,
                "port": params.port, "n_parallel": params.n_parallel, "n_ctx": params.n_ctx,
                "threads": params.cpuparams.n_threads, "batch_threads": params.cpuparams_batch.n_threads,
                "props": params.endpoint_props, "metrics": params.endpoint_metrics,
                "cont_batching": params.cont_batching,
            }
            with open(os.environ["FAKE_XLLAMACPP_RECORD"], "w") as f:
                json.dump(record, f)
            if params.model.path.endswith(".broken"):
                raise RuntimeError("failed to load model")
            self.listening_address = "http://127.0.0.1:%d" % (params.port or 41234)
''')


class EngineLauncherTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        modules = os.path.join(self.directory.name, "modules")
        os.mkdir(modules)
        with open(os.path.join(modules, "xllamacpp.py"), "w") as f:
            f.write(FAKE_XLLAMACPP)
        self.record = os.path.join(self.directory.name, "record.json")
        self.ready = os.path.join(self.directory.name, "engine.ready")
        self.environment = dict(os.environ, PYTHONPATH=modules, FAKE_XLLAMACPP_RECORD=self.record)

    def launch(self, model="/models/tiny.gguf", port="0"):
        # LocalEngine: MODEL PORT PARALLEL N_CTX (per slot x slots) THREADS ALIAS READY_FILE
        arguments = command(PROGRAM, model, port, "4", "16384", "3", "tiny-model", self.ready, isolated=False)
        process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=self.environment)
        self.addCleanup(self.end, process)
        return process

    @staticmethod
    def end(process):
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            stream.close()

    def wait_for_ready_file(self, process):
        deadline = time.monotonic() + 10
        while not os.path.exists(self.ready):
            if process.poll() is not None:
                self.fail("the launcher exited: %r" % process.stderr.read())
            self.assertLess(time.monotonic(), deadline, "no ready file")
            time.sleep(0.02)
        with open(self.ready) as f:
            return f.read()

    def test_parameters_and_ready_file(self):
        process = self.launch(port="0")
        self.assertEqual(self.wait_for_ready_file(process), "http://127.0.0.1:41234\n")
        self.assertFalse(os.path.exists(self.ready + ".tmp"))
        with open(self.record) as f:
            self.assertEqual(json.load(f), {
                "model": "/models/tiny.gguf", "alias": ["tiny-model"], "hostnames": ["127.0.0.1"], "port": 0,
                "n_parallel": 4, "n_ctx": 16384, "threads": 3, "batch_threads": 3,
                "props": True, "metrics": True, "cont_batching": True,
            })

    def test_ends_when_its_parent_closes_stdin(self):
        process = self.launch(port="5555")
        self.assertEqual(self.wait_for_ready_file(process), "http://127.0.0.1:5555\n")
        process.stdin.close()
        self.assertEqual(process.wait(timeout=10), 0)

    def test_ends_on_sigterm(self):
        process = self.launch()
        self.wait_for_ready_file(process)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=10), 0)

    def test_failed_start_exits_at_once_without_a_ready_file(self):
        process = self.launch(model="/models/tiny.broken")
        self.assertEqual(process.wait(timeout=10), 1)
        self.assertEqual(process.stderr.read().decode(), "engine failed to start: failed to load model\n")
        self.assertFalse(os.path.exists(self.ready))

    def test_missing_engine_module(self):
        self.environment["PYTHONPATH"] = self.directory.name  # no xllamacpp there
        process = self.launch()
        self.assertEqual(process.wait(timeout=10), 1)
        self.assertIn("engine failed to start: No module named 'xllamacpp'", process.stderr.read().decode())


if __name__ == "__main__":
    unittest.main()
