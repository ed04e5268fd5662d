#!/usr/bin/env bash
# Peer comparison (not a test): MultiPL-E's own per-language evaluators and
# `inverse-instruct eval multipl-e` on the same samples, language by language.
#
#   scripts/compare-multipl-e.sh [--runs N] [--venv DIR] [--java-classpath multipl-e|harness]
#                                [--no-handmade] [--keep] [LANG:]FILE ...
#
# FILE: JSONL samples with task_id (MultiPL-E's name) and completion (continues the prompt); a
# line's `language` field says its language (one file may hold several), else LANG: names the
# file's language. Hand-made samples for all six languages (right ones and deliberately wrong
# ones: wrong value, no compile, throws, exits 0 early, endless loop, prints, prints 5 MiB) are
# checked first unless --no-handmade.
#
# The peer is the bigcode harness's multiple_metrics (evaluation.py, containerized_eval.py,
# eval_<lang>.py, safe_subprocess) from nvidia-bigcode-eval==26.3, pip-installed into a
# throwaway venv (or --venv DIR, kept and reused): per task a problem JSON as the harness's
# `multiple-LANG` task writes it, evaluate_problem() with its cpu_count()-1 workers, problems one
# after another; program = prompt + completion + "\n" + tests; a pass is status OK and exit code
# 0 (single_experiment_pass_k.for_file). It runs the samples WITHOUT a sandbox, as the harness
# does: give it model samples, not hostile code. Its toolchain is the one the tool uses (/usr/bin's
# javac, java, node, g++, php, rustc; swiftc from /opt/swift), put first on its PATH.
# Java: eval_java.py hard-codes the jar at /usr/multiple/javatuples-1.2.jar (its Docker image);
# it is pointed at /usr/share/java/javatuples.jar. --java-classpath multipl-e (default) also puts
# the jar on the test run's -cp as MultiPL-E's own eval_java.py does; `harness` keeps the
# harness's run line (class folder only: every task whose tests build a javatuples Pair fails).
#
# Prints per language and file: identical verdicts n/N, every difference with both verdicts and
# the harness's stdout/stderr tails, then a table of median wall times over N runs (whole
# commands), samples per second and the ratio. Times use each side's own defaults: the tool
# checks in its sandbox with one worker per core, the harness with cpu_count()-1 threads.
# INVERSE_INSTRUCT_TOOL: a binary already built (else a release build here).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RUNS=3
VENV=""
JAVA_CP=multipl-e
HANDMADE=1
KEEP=0
SPECS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --venv) VENV="$2"; shift 2 ;;
        --java-classpath) JAVA_CP="$2"; shift 2 ;;
        --no-handmade) HANDMADE=0; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) SPECS+=("$1"); shift ;;
    esac
done
WORK="$(mktemp -d /tmp/compare-multipl-e.XXXXXX)"
if [ "$KEEP" = 1 ]; then echo "== work folder kept: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
PY="${INVERSE_INSTRUCT_PYTHON:-python3}"
HELPER="$ROOT/scripts/compare_multipl_e_samples.py"

VENV="${VENV:-$WORK/venv}"
if ! "$VENV/bin/python" -c 'import importlib.util as u; assert u.find_spec("bigcode_eval") and u.find_spec("numpy")' 2>/dev/null; then
    echo "== nvidia-bigcode-eval 26.3 in $VENV"
    "$PY" -m venv "$VENV"
    # --no-deps: multiple_metrics needs only the standard library (and numpy for pass@k); the
    # package's other dependencies (transformers, datasets, ...) serve the generation side.
    "$VENV/bin/pip" install -q --no-deps nvidia-bigcode-eval==26.3 numpy
fi

TOOL="${INVERSE_INSTRUCT_TOOL:-}"
if [ -z "$TOOL" ]; then
    swift build -c release --product inverse-instruct >/dev/null
    TOOL="$(swift build -c release --show-bin-path)/inverse-instruct"
fi

# The peer's toolchain: the executables the tool runs (MultiPLEToolchain.locate).
mkdir -p "$WORK/bin" "$WORK/tmp"
for name in javac java node g++ php rustc; do
    if [ -x "/usr/bin/$name" ]; then ln -s "/usr/bin/$name" "$WORK/bin/$name"; fi
done
for swiftc in "${INVERSE_INSTRUCT_SWIFTC:-}" /opt/swift/usr/bin/swiftc /usr/bin/swiftc; do
    if [ -n "$swiftc" ] && [ -x "$swiftc" ]; then ln -s "$swiftc" "$WORK/bin/swiftc"; break; fi
done
PEER_PATH="$WORK/bin:/usr/bin:/bin"

LISTS=()
if [ "$HANDMADE" = 1 ]; then
    "$PY" "$HELPER" handmade "$WORK" > "$WORK/handmade.list"
    LISTS+=("$WORK/handmade.list")
fi
if [ ${#SPECS[@]} -gt 0 ]; then
    "$PY" "$HELPER" split "$WORK" "${SPECS[@]}" > "$WORK/samples.list"
    LISTS+=("$WORK/samples.list")
fi
[ ${#LISTS[@]} -gt 0 ] || { echo "nothing to compare: give samples files or drop --no-handmade" >&2; exit 2; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }

compare() {  # language samples
    local language="$1" samples="$2" name peer_times=() ii_times=() t0 t1
    name="$(basename "$samples" .jsonl)"
    echo "== $language $name ($(grep -c . "$samples") samples, $RUNS runs)"
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/peer-$language-problems" "$WORK/tmp"/*
        t0=$(now)
        (cd "$WORK" && PATH="$PEER_PATH" TMPDIR="$WORK/tmp" "$VENV/bin/python" "$HELPER" peer "$language" "$samples" \
            "$WORK/$name.peer.jsonl" --java-classpath "$JAVA_CP")
        t1=$(now); peer_times+=("$(echo "$t1 - $t0" | bc)")
        t0=$(now)
        "$TOOL" eval multipl-e --language "$language" --samples "$samples" -o "$WORK/$name.ii.jsonl" --json --quiet \
            > "$WORK/$name.ii.json"
        t1=$(now); ii_times+=("$(echo "$t1 - $t0" | bc)")
    done
    "$PY" "$HELPER" agree "$language" "$samples" "$WORK/$name.peer.jsonl" "$WORK/$name.ii.jsonl" \
        --summary "$WORK/summary.jsonl" --label "$name" --runs "$RUNS" \
        --peer-seconds "$(printf '%s\n' "${peer_times[@]}" | median)" \
        --ours-seconds "$(printf '%s\n' "${ii_times[@]}" | median)"
    "$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); h = float(open(sys.argv[2]).read())
print("  pass@1: harness %.4f, inverse-instruct %.4f" % (h, r["pass@1"]))' "$WORK/$name.ii.json" "$WORK/$name.peer.jsonl.pass_at_1"
}

for list in "${LISTS[@]}"; do
    while read -r language samples <&3; do compare "$language" "$samples" </dev/null; done 3< "$list"
done
echo
echo "== MultiPL-E: nvidia-bigcode-eval 26.3 multiple_metrics (java classpath: $JAVA_CP) vs $("$TOOL" --version 2>/dev/null || echo inverse-instruct)"
"$PY" "$HELPER" table "$WORK/summary.jsonl"
