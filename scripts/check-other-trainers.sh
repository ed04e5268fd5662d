#!/usr/bin/env bash
# Checks the LLaMA-Factory configs `train` writes with LLaMA-Factory's own parser (issue 14):
# installs llamafactory==0.9.5 into a throwaway venv (with the local CPU torch; 3.7 min here),
# has `train --print-command` write the configs for the example pairs, and parses them.
# axolotl is not checked: it does not install beside a CPU-only torch.
#
# usage: scripts/check-other-trainers.sh   (env: TOOL (default .build/debug/inverse-instruct), WORK)
set -euo pipefail
cd "$(dirname "$0")/.."
tool=${TOOL:-.build/debug/inverse-instruct}
if [[ -n ${WORK:-} ]]; then work=$WORK; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q llamafactory==0.9.5 torch==2.13.0
# torchvision/torchaudio from PyPI are built for another torch; the text-only parser needs neither.
"$work/venv/bin/pip" uninstall -y -q torchvision torchaudio || true
mkdir -p "$work/run/train"
for phase in phase1-generated phase2-original; do cp examples/pairs.jsonl "$work/run/train/$phase.instruction-response.jsonl"; done
cat > "$work/run/train/manifest.json" <<JSON
{"method": "inverse-instruct", "order": "", "training": {}, "phases": [
 {"name": "self-generated", "epochs": 1, "records": 32, "files": {"instruction-response": "$work/run/train/phase1-generated.instruction-response.jsonl"}},
 {"name": "original", "epochs": 2, "records": 32, "files": {"instruction-response": "$work/run/train/phase2-original.instruction-response.jsonl"}}]}
JSON
"$tool" train "$work/run" --base smollm2-135m -o "$work/out" --print-command >/dev/null
"$work/venv/bin/python" scripts/check_llamafactory.py "$work/out/other-trainers/llamafactory"
