#!/usr/bin/env bash
# Peer comparison (not a test): evalplus 0.3.1 and `inverse-instruct eval` on the same samples.
# Installs evalplus into a throwaway venv, points it at the vendored data, runs both on the
# canonical solutions, on deliberately wrong samples (generated here), and on any samples files
# given as arguments, then prints per-sample base/plus verdict agreement (every difference with
# its task id) and the median wall time of each over N runs. Model samples given as arguments
# are also sanitized by both (`compare_sanitize.py`: this tool's sanitizer against
# `evalplus.sanitize` on the samples and on variants with prose, fences and decorators).
#
#   scripts/compare-evalplus.sh [--runs N] [--dataset humaneval|mbpp|both] [humaneval:FILE|mbpp:FILE ...]
# Model samples given as arguments name their dataset: humaneval:FILE or mbpp:FILE. Times are
# whole commands; both cache the canonical outputs after their first run (as for their users:
# evalplus in ~/.cache/evalplus, the tool in ~/.cache/inverse-instruct/evalplus-references), so
# with 3 or more runs the median is a run with both caches warm.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=3
DATASETS="humaneval mbpp"
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --dataset) DATASETS="${2/both/humaneval mbpp}"; shift 2 ;;
        *) EXTRA+=("$1"); shift ;;
    esac
done
WORK="$(mktemp -d /tmp/compare-evalplus.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
PY="${INVERSE_INSTRUCT_PYTHON:-python3}"

echo "== evalplus 0.3.1 in $WORK/venv"
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --no-deps evalplus==0.3.1
"$WORK/venv/bin/pip" install -q fire termcolor wget appdirs tempdir multipledispatch numpy tqdm psutil rich datasets tree-sitter tree-sitter-python

# INVERSE_INSTRUCT_TOOL: a binary already built (else a release build here).
TOOL="${INVERSE_INSTRUCT_TOOL:-}"
if [ -z "$TOOL" ]; then
    swift build -c release --product inverse-instruct >/dev/null
    TOOL="$(swift build -c release --show-bin-path)/inverse-instruct"
fi

zcat Data/humanevalplus/HumanEvalPlus.jsonl.gz > "$WORK/HumanEvalPlus.jsonl"
zcat Data/mbppplus/MbppPlus-v0.2.0.jsonl.gz > "$WORK/MbppPlus.jsonl"

# Canonical and wrong samples: the canonical solution; a constant; one that answers the base
# inputs only (a table of the canonical outputs on them, canonical otherwise → plus fails when
# a plus input differs); one that crashes.
"$PY" scripts/compare_evalplus_samples.py "$WORK"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

compare() {  # dataset samples
    local dataset="$1" samples="$2" name
    name="$(basename "$samples" .jsonl)"
    local ep_times=() ii_times=()
    for _ in $(seq "$RUNS"); do
        rm -f "${samples%.jsonl}_eval_results.json"
        local t0 t1
        t0=$(date +%s.%N)
        HUMANEVAL_OVERRIDE_PATH="$WORK/HumanEvalPlus.jsonl" MBPP_OVERRIDE_PATH="$WORK/MbppPlus.jsonl" \
            "$WORK/venv/bin/python" -m evalplus.evaluate --dataset "$dataset" --samples "$samples" >"$WORK/ep.log" 2>&1
        t1=$(date +%s.%N); ep_times+=("$(echo "$t1 - $t0" | bc)")
        t0=$(date +%s.%N)
        "$TOOL" eval "$dataset" --samples "$samples" -o "$WORK/$name.ii.jsonl" --quiet >/dev/null
        t1=$(date +%s.%N); ii_times+=("$(echo "$t1 - $t0" | bc)")
    done
    local ep ii
    ep=$(printf '%s\n' "${ep_times[@]}" | median)
    ii=$(printf '%s\n' "${ii_times[@]}" | median)
    "$PY" scripts/compare_evalplus_samples.py --agree "$dataset" "${samples%.jsonl}_eval_results.json" "$WORK/$name.ii.jsonl"
    printf '%s %s: evalplus %.2f s, inverse-instruct %.2f s (median of %d), %.1fx\n' "$dataset" "$name" "$ep" "$ii" "$RUNS" \
        "$(echo "$ep / $ii" | bc -l)"
}

for dataset in $DATASETS; do
    for kind in canonical wrong; do compare "$dataset" "$WORK/$dataset-$kind.jsonl"; done
done
for spec in "${EXTRA[@]}"; do
    dataset="${spec%%:*}"; file="${spec#*:}"
    cp "$file" "$WORK/$(basename "$file")"
    problems="$WORK/HumanEvalPlus.jsonl"; [ "$dataset" = mbpp ] && problems="$WORK/MbppPlus.jsonl"
    "$WORK/venv/bin/python" scripts/compare_sanitize.py "$problems" "$file" | tail -n 40
    compare "$dataset" "$WORK/$(basename "$file")"
done
