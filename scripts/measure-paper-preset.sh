#!/usr/bin/env bash
# What `--preset paper` (the reference implementation) changes against the tool's default
# (issue 15, item 4), on the first N Code Alpaca snippets that are Python functions:
#  1. `semi` on their code: test inputs the original code runs on, with its outputs; only the
#     snippets with at least three validated inputs can be judged, so only they go on;
#  2. `run` three times on those pairs: the default, `--preset paper`, and `--preset paper
#     --clean-candidates` (the paper with the tool's cleaning, which separates the cleaning
#     from the opener draw; the language tag is the same for these snippets, and the two Yes/No
#     readings are compared without model calls, on each run's stored logprobs);
#  3. a judge: for each snippet and condition (the original instruction, the instruction each
#     run selected, a random usable candidate of each run, each run's selection under the
#     other reading) the model, given only that instruction as the docstring of the original's
#     signature, writes the function (greedy, `eval humaneval --problems`), and passes when it
#     returns what the original returned on every validated input;
#  4. a Markdown report: LM-score spread, how often selection departs from candidate 0, ties,
#     the judge's share of faithful instructions per condition, and paired sign tests.
# Every step resumes, so a stopped measurement goes on where it stopped, and a larger N reuses
# the work done for a smaller one.
#
# usage: scripts/measure-paper-preset.sh [N] [WORK] [-- model options for run/semi/eval, e.g.
#        --endpoint URL --model M]   (default: 300 snippets, the built-in engine, default model)
#        env: ALPACA (Code Alpaca JSON; default ../shared/data/code_alpaca_2k.json), RUN_OPTIONS
#        (options for every run only, e.g. "--max-tokens 512"), TOOL (a built binary instead of
#        a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-300}
work=${2:-/tmp/measure-paper-preset}
shift $(( $# > 2 ? 2 : $# ))
[[ "${1:-}" == "--" ]] && shift
alpaca=${ALPACA:-../shared/data/code_alpaca_2k.json}
[[ -f "$alpaca" ]] || { echo "no Code Alpaca file at $alpaca (set ALPACA to one)" >&2; exit 1; }
read -r -a run_options <<<"${RUN_OPTIONS:-}"
source scripts/release-tool.sh
helper=scripts/measure_paper_preset.py

python3 "$helper" prepare "$alpaca" "$count" "$work"
"$tool" semi "$work/code.jsonl" -o "$work/semi.jsonl" --quiet "$@"
python3 "$helper" judgeable "$work"
run() { "$tool" run --input "$work/judged_pairs.jsonl" --run-dir "$work/$1" --quiet "${@:2}" "${run_options[@]}"; }
run default "$@"
run paper --preset paper "$@"
run paper-cleaned --preset paper --clean-candidates "$@"
python3 "$helper" problems "$work"
"$tool" eval humaneval --problems "$work/judge.jsonl" -o "$work/judge_results.jsonl" --run-dir "$work/judge.run" --quiet "$@"
python3 "$helper" report "$work" | tee "$work/report.md"
