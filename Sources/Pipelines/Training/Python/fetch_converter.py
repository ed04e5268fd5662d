# Fetches llama.cpp's Hugging Face → GGUF converter for the train environment, run as
# `python -c SOURCE DESTINATION [SDIST]` by the environment's own Python.
#
# The converter is not on PyPI as a package, but the llama-cpp-python sdist carries llama.cpp's
# tree: `vendor/llama.cpp/convert_hf_to_gguf.py`, its `conversion/` package and `gguf-py/`
# (the gguf library of the same revision). `pip download --no-binary` fetches the sdist
# without compiling it; `--no-build-isolation` makes pip prepare its metadata with the
# scikit-build-core, cmake and ninja already in the environment (with build isolation, or with
# `--no-binary :all:`, pip tries to build cmake from source and never finishes). Given SDIST
# (a downloaded .tar.gz) it skips the download.
#
# DESTINATION gets convert_hf_to_gguf.py, conversion/ and gguf-py/, through a rename, so it is
# either whole or absent. Embedded in the executable (Package.swift, `.embedInCode`).
# Tests: Tests/Python/test_fetch_converter.py.

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

REQUIREMENT = "llama-cpp-python==0.3.36"
WANTED = ("convert_hf_to_gguf.py", "conversion/", "gguf-py/")


def download(directory):
    subprocess.run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-input",
                    "--progress-bar", "off", "--no-deps", "--no-build-isolation", "--no-binary", "llama-cpp-python",
                    REQUIREMENT, "-d", directory], check=True, stdout=sys.stderr)
    names = [name for name in os.listdir(directory) if name.endswith(".tar.gz")]
    if len(names) != 1:
        raise SystemExit("pip download left %r in %s, expected one sdist" % (names, directory))
    return os.path.join(directory, names[0])


def extract(sdist, destination):
    """Copies the converter's files out of the sdist; returns how many files it wrote."""
    partial = destination + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)
    written = 0
    with tarfile.open(sdist, "r:gz") as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            # <name>-<version>/vendor/llama.cpp/<path>
            if len(parts) < 4 or parts[1:3] != ["vendor", "llama.cpp"] or not member.isfile():
                continue
            relative = "/".join(parts[3:])
            if not any(relative == wanted or relative.startswith(wanted) for wanted in WANTED):
                continue
            if ".." in parts:
                continue
            target = os.path.join(partial, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
            written += 1
    if not os.path.exists(os.path.join(partial, "convert_hf_to_gguf.py")) \
            or not os.path.isdir(os.path.join(partial, "gguf-py")):
        shutil.rmtree(partial, ignore_errors=True)
        raise SystemExit("%s has no vendor/llama.cpp/convert_hf_to_gguf.py with gguf-py/" % sdist)
    shutil.rmtree(destination, ignore_errors=True)
    os.replace(partial, destination)
    return written


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: fetch_converter.py DESTINATION [SDIST]\n")
        return 2
    destination = argv[1]
    if len(argv) == 3:
        count = extract(argv[2], destination)
    else:
        with tempfile.TemporaryDirectory() as directory:
            count = extract(download(directory), destination)
    print("%d files in %s" % (count, destination))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
