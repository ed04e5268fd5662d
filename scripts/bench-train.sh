#!/usr/bin/env bash
# Training throughput (issue 14): tokens/s of `inverse-instruct train`, of a plain TRL script with
# the same settings (and TRL's defaults changed one at a time, to show where the time goes), and
# of a bare PyTorch loop (forward + backward + Adafactor: the limit on this machine), each at fp32
# and with bf16 autocast, on the same data, interleaved in the same run, REPEATS times; prints
# every figure and the medians, each against the bare loop at the same precision.
#
# Model: SmolLM2-135M (the registry's GGUF, turned into an fp32 Hugging Face model by the tool's
# first run); data: examples/pairs.jsonl (chat template, prompt masked); batch 4, no accumulation.
# `tool` is `inverse-instruct train` as a user runs it (--precision auto: bf16 autocast where the
# CPU computes in bf16, else fp32); `tool-fp32` the same with --precision fp32.
#
# usage: scripts/bench-train.sh   (env: REPEATS (3), STEPS (8 per run: one pass over the 32
#                                   example pairs, so every variant trains on the same tokens; the
#                                   first step is not timed),
#                                   BATCH (4), MAX_LENGTH (256), VARIANTS (bare bare-bf16 trl-default
#                                   trl-no-gc trl-fp32 trl-tool trl-tool-fp32 tool tool-fp32), TOOL (a built binary; default .build/debug),
#                                   WORK (keep files there))
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${REPEATS:-3}
steps=${STEPS:-8}
batch=${BATCH:-4}
max_length=${MAX_LENGTH:-256}
variants=${VARIANTS:-"bare bare-bf16 trl-default trl-no-gc trl-fp32 trl-tool trl-tool-fp32 tool tool-fp32"}
tool=${TOOL:-.build/debug/inverse-instruct}
[[ -x $tool ]] || { echo "build the tool first (swift build), or set TOOL" >&2; exit 1; }
if [[ -n ${WORK:-} ]]; then work=$WORK; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
"$tool" models prepare-trainer --quiet
python=${XDG_CACHE_HOME:-$HOME/.cache}/inverse-instruct/train-venv/bin/python

# A run directory whose two phases are the example pairs: each phase trains STEPS steps.
mkdir -p "$work/run/train"
cp examples/pairs.jsonl "$work/run/train/phase1-generated.instruction-response.jsonl"
cp examples/pairs.jsonl "$work/run/train/phase2-original.instruction-response.jsonl"
cat > "$work/run/train/manifest.json" <<EOF
{"method": "inverse-instruct", "order": "", "training": {}, "phases": [
 {"name": "self-generated", "epochs": 1, "records": 32, "files": {"instruction-response": "$work/run/train/phase1-generated.instruction-response.jsonl"}},
 {"name": "original", "epochs": 2, "records": 32, "files": {"instruction-response": "$work/run/train/phase2-original.instruction-response.jsonl"}}]}
EOF

tool_run() {  # VARIANT PRECISION: prints tokens/s over every step of both phases but each phase's first
  local out=$work/$1
  rm -rf "$out"
  [[ -d $work/base-model ]] && { mkdir -p "$out"; cp -r "$work/base-model" "$out/base-model"; }
  "$tool" train "$work/run" --base smollm2-135m -o "$out" --batch-size "$batch" --micro-batch-size "$batch" \
      --max-length "$max_length" --max-steps "$steps" --warmup-steps 0 --save-every 0 --gguf none --precision "$2" --quiet --json >"$out.json"
  [[ -d $work/base-model ]] || cp -r "$out/base-model" "$work/base-model"
  python3 - "$out/logs/steps.jsonl" "$1" "$out.json" <<'PY'
import json, sys
steps = [json.loads(line) for line in open(sys.argv[1])]
precision = json.load(open(sys.argv[3]))["phases"][0].get("precision")
tokens = seconds = 0.0
for phase in sorted({s["phase"] for s in steps}):
    mine = [s for s in steps if s["phase"] == phase]
    for before, after in zip(mine, mine[1:]):
        tokens += after["tokens"] - before["tokens"]
        seconds += after["time"] - before["time"]
print(json.dumps({"variant": sys.argv[2], "precision": precision, "tokens_per_second": round(tokens / seconds, 1)}))
PY
}

echo "SmolLM2-135M, batch $batch x up to $max_length tokens, $steps steps a run, $repeats repeats, $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The tool's first run converts the GGUF base; later runs and the other variants reuse it.
[[ -d $work/base-model ]] || tool_run warm fp32 >/dev/null
: > "$work/results.jsonl"
for repeat in $(seq "$repeats"); do
  for variant in $variants; do
    case $variant in
      tool) line=$(tool_run tool auto) ;;
      tool-fp32) line=$(tool_run tool-fp32 fp32) ;;
      bare*) line=$("$python" scripts/bench_train.py "$variant" "$work/base-model" examples/pairs.jsonl "$steps" "$batch" "$max_length" 2>/dev/null | tail -1) ;;
      trl-*) line=$("$python" scripts/bench_train.py trl "${variant#trl-}" "$work/base-model" examples/pairs.jsonl "$steps" "$batch" "$max_length" 2>/dev/null | tail -1) ;;
    esac
    echo "$line" | tee -a "$work/results.jsonl"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results.jsonl" <<'PY'
import json, statistics, sys
# Each variant against the bare loop at its own precision (bf16 autocast or fp32), as each run
# reports it (the tool's runs say which precision `auto` chose).
results = {}
bf16 = set()
for line in open(sys.argv[1]):
    record = json.loads(line)
    results.setdefault(record["variant"], []).append(record["tokens_per_second"])
    if record.get("precision") == "bf16":
        bf16.add(record["variant"])
peers = {name: statistics.median(results[peer]) for name, peer in (("fp32", "bare"), ("bf16", "bare-bf16")) if peer in results}
print("%-14s %10s %8s %8s  %s" % ("variant", "tokens/s", "x bare", "(peer)", "runs"))
for name, values in results.items():
    median = statistics.median(values)
    kind = "bf16" if name in bf16 else "fp32"
    ratio = "%.2f" % (median / peers[kind]) if kind in peers else "-"
    print("%-14s %10.1f %8s %8s  %s" % (name, median, ratio, "bare" if kind == "fp32" else "bare-bf16", values))
PY
