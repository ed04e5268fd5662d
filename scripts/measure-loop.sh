#!/usr/bin/env bash
# The loop of issue 14, timed step by step on this machine: `run` (new pairs) → `train` (the
# paper's two phases, GGUF export) → `eval humaneval` of the trained model; and, for the gain,
# `eval humaneval` of the base model as training saw it (the base converted to a Hugging Face
# model by `train`, exported to an f16 GGUF like the trained model (train's default), so the two
# differ only by the training). Both evaluations run the first TASKS HumanEval+ problems.
#
# usage: scripts/measure-loop.sh [WORK]   (default /tmp/measure-loop)
#   env: MODEL (qwen2.5-coder-0.5b), PAIRS (examples/pairs.jsonl), TASKS (40),
#        RUN_OPTIONS ("--candidates 4 --max-tokens 256"),
#        TRAIN_OPTIONS ("--batch-size 8 --warmup-steps 1": 32 pairs make 4 optimizer steps in
#        phase 1 and 8 in phase 2, where the paper's batch of 512 would make one each),
#        TOOL (a built binary instead of a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/measure-loop}
model=${MODEL:-qwen2.5-coder-0.5b}
pairs=${PAIRS:-examples/pairs.jsonl}
tasks=${TASKS:-40}
read -r -a run_options <<<"${RUN_OPTIONS:---candidates 4 --max-tokens 256}"
read -r -a train_options <<<"${TRAIN_OPTIONS:---batch-size 8 --warmup-steps 1}"
source scripts/release-tool.sh
mkdir -p "$work"
timings=$work/timings.tsv
: >"$timings"
timed() {  # NAME COMMAND...: runs it, appends "NAME seconds" to the timings
    local name=$1 started=$SECONDS
    shift
    "$@"
    printf '%s\t%d\n' "$name" "$((SECONDS - started))" >>"$timings"
}

timed "1. run" "$tool" run --input "$pairs" --run-dir "$work/run" --model "$model" --quiet --json "${run_options[@]}" >"$work/run.json"
timed "2. train" "$tool" train "$work/run" --base "$model" -o "$work/trained" --quiet --json "${train_options[@]}" >"$work/train.json"

python3 - "$tasks" "$work/problems.jsonl" <<'PY'
import gzip, sys
count, out = int(sys.argv[1]), sys.argv[2]
with gzip.open("Data/humanevalplus/HumanEvalPlus.jsonl.gz", "rt", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for index, line in enumerate(f):
        if index == count:
            break
        o.write(line)
PY

# The base at the trained model's precision, by the same converter `train` exports with.
venv=${XDG_CACHE_HOME:-$HOME/.cache}/inverse-instruct/train-venv
[[ -f $work/base.gguf ]] || PYTHONPATH="$venv/llama.cpp/gguf-py" "$venv/bin/python" "$venv/llama.cpp/convert_hf_to_gguf.py" \
    "$work/trained/base-model" --outfile "$work/base.gguf" --outtype f16 >"$work/base-export.log" 2>&1

for which in trained base; do
    gguf=$work/trained/model.gguf
    [[ $which == base ]] && gguf=$work/base.gguf
    timed "3. eval ($which)" "$tool" eval humaneval --model "$gguf" --problems "$work/problems.jsonl" \
        -o "$work/eval-$which.jsonl" --quiet --json >"$work/eval-$which.json"
done

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
for name, seconds in (line.rstrip("\n").split("\t") for line in open(f"{work}/timings.tsv")):
    print(f"{name:<18} {int(seconds):>6} s")
train = json.load(open(f"{work}/train.json"))
for phase in train.get("phases", []):
    print(f"  {phase['name']}: {phase['examples']} examples x {phase['epochs']}, {phase['steps']} steps, "
          f"final loss {phase.get('final_loss')}, {phase.get('tokens')} tokens in {phase.get('seconds')} s")
for which in ("base", "trained"):
    summary = json.load(open(f"{work}/eval-{which}.json"))
    print(f"{which:<8} " + json.dumps({k: v for k, v in summary.items() if "pass" in k}))
PY
