#!/usr/bin/env python3
"""Runs a command and prints one JSON line: wall seconds, CPU seconds (user + system, all
threads), the child's peak resident memory (ru_maxrss, MiB), and the machine's 1-minute load
average just before and just after (other work on the machine: it includes this run's own
threads by the end). CPU time is less disturbed than wall time when other work shares the
machine. Usage: measure.py -- COMMAND..."""
import json
import resource
import subprocess
import sys
import time

def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


command = sys.argv[sys.argv.index("--") + 1:]
load_before = load1()
start = time.perf_counter()
completed = subprocess.run(command, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                  "peak_mib": round(usage.ru_maxrss / 1024, 1), "load_before": load_before, "load_after": load1(),
                  "rc": completed.returncode}))
sys.exit(completed.returncode)
