#!/usr/bin/env python3
"""Runs a command and prints one JSON line: wall seconds and the child's peak resident memory
(ru_maxrss, MiB). Usage: measure.py -- COMMAND..."""
import json
import resource
import subprocess
import sys
import time

command = sys.argv[sys.argv.index("--") + 1:]
start = time.perf_counter()
completed = subprocess.run(command, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall_s": round(wall, 3), "peak_mib": round(peak_kib / 1024, 1), "rc": completed.returncode}))
sys.exit(completed.returncode)
