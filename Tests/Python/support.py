"""Shared by the tests of the embedded Python programs: where they live, and how the Swift
side runs them (`python -I -c SOURCE ARGS...`), so the tests exercise them the same way."""

import importlib.util
import json
import os
import subprocess
import sys

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def script(name):
    """A module under scripts/, loaded by path; scripts/ goes on the import path first, as it is
    when the script runs, so the helpers it imports from there load too."""
    folder = os.path.join(REPOSITORY, "scripts")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source(relative_path):
    """The text of a program under Sources/, as the binary embeds it."""
    with open(os.path.join(REPOSITORY, "Sources", relative_path), encoding="utf-8") as f:
        return f.read()


def command(relative_path, *arguments, isolated=True):
    """The command line the Swift side uses: the program's text after -c, then its arguments."""
    flags = ["-I"] if isolated else []
    return [sys.executable, *flags, "-c", source(relative_path), *arguments]


class LineHelper:
    """A long-lived helper that answers one JSON line per request line (PythonHelperProcess)."""

    def __init__(self, relative_path):
        self.process = subprocess.Popen(command(relative_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(self, request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError("the helper ended: " + self.process.stderr.read())
        return json.loads(line)

    def close(self):
        """Closes its input, which ends its read loop; returns its exit status."""
        self.process.stdin.close()
        status = self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        return status
