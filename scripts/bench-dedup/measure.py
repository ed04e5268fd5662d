#!/usr/bin/env python3
"""Runs a command and prints one JSON line: wall seconds, CPU seconds (user + system, all
threads) and the child's peak resident memory (ru_maxrss, MiB). CPU time is less disturbed than
wall time when other work shares the machine. Usage: measure.py -- COMMAND..."""
import json
import resource
import subprocess
import sys
import time

command = sys.argv[sys.argv.index("--") + 1:]
start = time.perf_counter()
completed = subprocess.run(command, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                  "peak_mib": round(usage.ru_maxrss / 1024, 1), "rc": completed.returncode}))
sys.exit(completed.returncode)
