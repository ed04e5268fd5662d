#!/usr/bin/env bash
# Benchmark of `inverse-instruct dedup` against the Python datasketch library, same parameters,
# same run: 100,000 records (Code Alpaca repeated with random word edits, so the planted
# near-duplicate clusters are known). Prints the median wall time of each side and their ratio
# (target: inverse-instruct ≥ 10× faster), the agreement of the removed sets (Jaccard of the
# removed ids; target ≥ 0.95), recall against the planted clusters, and peak memory.
# inverse-instruct runs with `--hash datasketch` (its default: datasketch's own MinHash
# signatures, so the sets should agree exactly, at seed 1 and seed 2) and, for comparison, with
# `--hash fast` (an independent hash family: it agrees with datasketch only as much as
# datasketch agrees with itself under another seed, the noise floor of randomized LSH).
# Runs alternate between the tools; each records the machine's load average.
#
# Usage: scripts/bench-dedup.sh [RECORDS] (env: SWIFT_RUNS=5 FAST_RUNS=3 PEER_RUNS=3 KEEP=1 to keep files)
# Needs: python3 (a throwaway venv with datasketch is made under a temp folder), ../shared/data.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
records="${1:-100000}"
swift_runs="${SWIFT_RUNS:-5}"
fast_runs="${FAST_RUNS:-3}"
peer_runs="${PEER_RUNS:-3}"
here="$root/scripts/bench-dedup"
data="$root/../shared/data"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-dedup.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
params=(--permutations 128 --threshold 0.7 --shingle-size 5 --seed 1 --hash datasketch)

echo "== building release" >&2
(cd "$root" && swift build -c release --product inverse-instruct >&2)
tool="$(cd "$root" && swift build -c release --show-bin-path)/inverse-instruct"

echo "== datasketch venv in $work" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "datasketch==2.0.0" >&2
"$work/venv/bin/python" -c 'import datasketch, numpy, sys; print("datasketch", datasketch.__version__, "numpy", numpy.__version__, "python", sys.version.split()[0])' >&2

echo "== generating $records records" >&2
python3 "$here/generate.py" --data "$data" --records "$records" --out "$work"

# The banding inverse-instruct picks for the threshold, given to datasketch as well.
"$tool" dedup "$work/corpus.jsonl" -o "$work/swift-out.jsonl" --on instruction,input,output "${params[@]}" \
    --evidence "$work/swift-removed.jsonl" --json > "$work/swift-summary.json"
read -r bands rows < <(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["parameters"]; print(p["bands"], p["rows"])' "$work/swift-summary.json")
peer_choice="$("$work/venv/bin/python" -c 'from datasketch.lsh import _optimal_param; print(*_optimal_param(0.7, 128, 0.5, 0.5))')"
echo "== banding: inverse-instruct $bands x $rows, datasketch's own choice for 0.7/128: $peer_choice" >&2

: > "$work/swift-runs.jsonl"
: > "$work/peer-runs.jsonl"
: > "$work/fast-runs.jsonl"
# Runs alternate between the tools so that changes in the machine's load hit all alike.
most=$(( swift_runs > peer_runs ? swift_runs : peer_runs ))
most=$(( most > fast_runs ? most : fast_runs ))
for run in $(seq "$most"); do
    if [ "$run" -le "$swift_runs" ]; then
        python3 "$here/measure.py" -- "$tool" dedup "$work/corpus.jsonl" -o "$work/swift-out.jsonl" \
            --on instruction,input,output "${params[@]}" --evidence "$work/swift-removed.jsonl" --quiet \
            | tee -a "$work/swift-runs.jsonl" | sed "s/^/inverse-instruct run $run: /" >&2
    fi
    if [ "$run" -le "$fast_runs" ]; then
        python3 "$here/measure.py" -- "$tool" dedup "$work/corpus.jsonl" -o "$work/fast-out.jsonl" \
            --on instruction,input,output --permutations 128 --threshold 0.7 --shingle-size 5 --seed 1 --hash fast \
            --evidence "$work/fast-removed.jsonl" --quiet \
            | tee -a "$work/fast-runs.jsonl" | sed "s/^/inverse-instruct --hash fast run $run: /" >&2
    fi
    if [ "$run" -le "$peer_runs" ]; then
        python3 "$here/measure.py" -- "$work/venv/bin/python" "$here/datasketch_dedup.py" "$work/corpus.jsonl" \
            --permutations 128 --bands "$bands" --rows "$rows" --shingle-size 5 --seed 1 \
            --output "$work/peer-out.jsonl" --removed "$work/peer-removed.txt" \
            | tee -a "$work/peer-runs.jsonl" | sed "s/^/datasketch run $run: /" >&2
    fi
done

echo "== seed 2: one more run of each (datasketch vs itself is the noise floor)" >&2
"$tool" dedup "$work/corpus.jsonl" -o "$work/swift-out2.jsonl" --on instruction,input,output \
    --permutations 128 --threshold 0.7 --shingle-size 5 --seed 2 --hash datasketch --evidence "$work/swift-removed2.jsonl" --quiet
"$work/venv/bin/python" "$here/datasketch_dedup.py" "$work/corpus.jsonl" \
    --permutations 128 --bands "$bands" --rows "$rows" --shingle-size 5 --seed 2 \
    --output "$work/peer-out2.jsonl" --removed "$work/peer-removed2.txt"

echo "== results ($(nproc) cores, load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$here/report.py" --truth "$work/truth.jsonl" --swift-evidence "$work/swift-removed.jsonl" \
    --datasketch-removed "$work/peer-removed.txt" --swift-runs "$work/swift-runs.jsonl" \
    --datasketch-runs "$work/peer-runs.jsonl" --swift-summary "$work/swift-summary.json" --threshold 0.7 \
    --datasketch-removed-seed2 "$work/peer-removed2.txt" --swift-evidence-seed2 "$work/swift-removed2.jsonl" \
    --fast-runs "$work/fast-runs.jsonl" --fast-evidence "$work/fast-removed.jsonl"
