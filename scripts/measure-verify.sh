#!/usr/bin/env bash
# The verify stage on MBPP reference solutions (issue #17): `run --verify --verify-original` on
# the first N MBPP tasks of Data/mbpp (task text as the instruction, the reference solution as
# the response, the task's asserts as the pair's tests), with the default model on the built-in
# engine; then the shares verified / contradicted / not checkable of the selected instructions
# and of the MBPP texts themselves (the ceiling), and the AUC of the LM-score for telling
# verified from contradicted pairs. The run directory resumes, so a stopped measurement goes
# on where it stopped.
#
# usage: scripts/measure-verify.sh [N] [WORK] [-- options for run, e.g. --endpoint URL --model M]
#        (default: 300 tasks, /tmp/measure-verify). TOOL=path uses that binary instead of a
#        release build.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-300}
work=${2:-/tmp/measure-verify}
shift $(( $# > 2 ? 2 : $# ))
[[ "${1:-}" == "--" ]] && shift
source scripts/release-tool.sh
helper=scripts/measure_verify.py
mkdir -p "$work"
python3 "$helper" prepare Data/mbpp/mbpp.jsonl "$count" "$work/pairs.jsonl"
"$tool" run --input "$work/pairs.jsonl" --run-dir "$work/run" --verify --verify-original --quiet --json "$@" >"$work/summary.json"
python3 "$helper" report "$work/run" | tee "$work/report.txt"
