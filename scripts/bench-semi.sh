#!/usr/bin/env bash
# Semi-Instruct yield benchmark (issue 6): the MBPP training-split reference solutions (task
# ids 601-700 by default) through `semi` with the default 0.5B model on the built-in engine
# and the real sandbox. Prints the yield (kept/read), the reasons for the losses with counts,
# the tests-passed histogram, the time taken and the machine's load before and after.
#
# usage: scripts/bench-semi.sh   (env: MODEL, FIRST, LAST, SAMPLES, MAX_TOKENS, ENGINE_PARALLEL,
#                                 WORK (keep files there; a re-run resumes), EXTRA (more flags),
#                                 TOOL (an already built binary instead of the release build))
# A run stopped part-way (Ctrl-C) resumes with the same WORK; WORK=... EXTRA=--no-generate
# prints the figures of what was generated so far without asking the model anything.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${MODEL:-qwen2.5-coder-0.5b}
first=${FIRST:-601}
last=${LAST:-700}
samples=${SAMPLES:-1}
max_tokens=${MAX_TOKENS:-512}
parallel=${ENGINE_PARALLEL:-4}
source scripts/release-tool.sh
if [[ -n ${WORK:-} ]]; then work=$WORK; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi

python3 - "$first" "$last" "$work/originals.jsonl" <<'PY'
import json, sys
first, last, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
with open("Data/mbpp/mbpp.jsonl") as f, open(out, "w") as w:
    for line in f:
        r = json.loads(line)
        if first <= r["task_id"] <= last:
            w.write(json.dumps({"task_id": r["task_id"], "code": r["code"]}) + "\n")
PY

echo "model $model, MBPP task ids $first-$last, $samples sample(s), max $max_tokens tokens, $parallel engine slots, $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$tool" semi "$work/originals.jsonl" -o "$work/pairs.jsonl" --model "$model" --samples "$samples" \
    --max-tokens "$max_tokens" --engine-parallel "$parallel" --json ${EXTRA:-} > "$work/summary.json" || true
end=$(date +%s.%N)
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/summary.json" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
read, kept = s["read"], s["kept"]
print(f"yield: {kept}/{read} kept ({100.0 * kept / max(read, 1):.1f}%), from {s['originals_kept']} originals")
print(f"generated {s['generated']}, parse failures {s['parse_failures']}, originals failed {s['originals_failed']}, "
      f"validated {s['validated']}, unsupported {s['unsupported']}, pending {s['pending']}")
print("losses:")
for reason, count in sorted(s["reasons"].items(), key=lambda kv: -kv[1]):
    print(f"  {count:4d}  {reason}")
hist = sorted(s["tests_passed_histogram"].items(), key=lambda kv: int(kv[0]))
print("tests passed (kept pairs): " + (", ".join(f"{k}: {v}" for k, v in hist) or "-"))
print(f"model requests {s['model_requests']}, tokens {s['prompt_tokens']} prompt + {s['completion_tokens']} completion")
print(f"time: {seconds:.1f} s wall ({s['seconds']:.1f} s in the run)")
print(f"files: {s['output']}, {s['rejects']}")
PY
