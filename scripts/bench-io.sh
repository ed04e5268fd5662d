#!/usr/bin/env bash
# Dataset streaming benchmark (issue 2): builds files of N records by repeating the Code Alpaca
# records, streams each through `inverse-instruct inspect` (read + parse + field mapping) and
# `extract` (plus fence parsing, Python syntax checks, hashing and writing), and reports MB/s
# and peak memory (median of RUNS runs). Two sizes show that peak memory does not grow with
# the file.
#
# usage: scripts/bench-io.sh [RUNS]      (env: SIZES="100000 400000", TOOL: a built binary)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
sizes=${SIZES:-"100000 400000"}
source scripts/release-tool.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" $sizes <<'PY'
import json, sys
work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
records = json.load(open("../shared/data/code_alpaca_2k.json"))
for n in sizes:
    with open(f"{work}/alpaca-{n}.jsonl", "w") as f:
        for i in range(n):
            r = dict(records[i % len(records)])
            r["id"] = i
            f.write(json.dumps(r) + "\n")
PY

measure() {  # prints "seconds peak_kib" for one run of the command
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; exit 1; }
  cat "$work/time"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-8s %-10s %10s %10s %12s %12s\n' command records MB "median s" "MB/s" "peak MiB"
for n in $sizes; do
  file="$work/alpaca-$n.jsonl"
  mb=$(python3 -c "import os; print(os.path.getsize('$file') / 1e6)")
  for cmd in inspect extract; do
    : > "$work/runs"
    for _ in $(seq "$runs"); do
      if [[ $cmd == inspect ]]; then
        measure "$tool" inspect "$file" --quiet >> "$work/runs"
      else
        measure "$tool" extract "$file" -o "$work/out.jsonl" --quiet >> "$work/runs"
      fi
    done
    secs=$(cut -d' ' -f1 "$work/runs" | median)
    peak=$(cut -d' ' -f2 "$work/runs" | median)
    python3 -c "print('%-8s %-10d %10.1f %10.3f %12.1f %12.1f' % ('$cmd', $n, $mb, $secs, $mb / max($secs, 1e-9), $peak / 1024))"
  done
done
