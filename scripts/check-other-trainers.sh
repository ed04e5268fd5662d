#!/usr/bin/env bash
# Checks the configs `train` writes for other trainers with those trainers' own code (issue 14):
# - LLaMA-Factory: installs llamafactory==0.9.5 into a throwaway venv (with the local CPU torch;
#   3.7 min here) and parses the configs with its argument parser and dataset registry.
# - axolotl: its pinned dependencies do not install beside a CPU-only torch, so axolotl==0.19.0
#   goes into a second throwaway venv without them, on top of the tool's own train environment
#   (torch, transformers, datasets: `models prepare-trainer`) plus the few small packages its
#   config code imports; its `load_cfg` validates each phase's YAML and its dataset code
#   tokenizes the phase's pairs (scripts/check_axolotl.py). This needs the base model as a
#   Hugging Face directory, so the trainer's prepare step converts SmolLM2's GGUF first.
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

# axolotl
train_venv=${TRAIN_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/inverse-instruct/train-venv}
[[ -x $train_venv/bin/python ]] || { echo "no train environment at $train_venv: run inverse-instruct models prepare-trainer" >&2; exit 1; }
PYTHONUNBUFFERED=1 "$train_venv/bin/python" "$work/out/.inverse-instruct/trainer.py" prepare "$work/out/.inverse-instruct/train-config.json" >/dev/null
"$train_venv/bin/python" -m venv "$work/axolotl-venv"
"$train_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
    > "$("$work/axolotl-venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/train-venv.pth"
"$work/axolotl-venv/bin/pip" install -q --no-deps axolotl==0.19.0
"$work/axolotl-venv/bin/pip" install -q pillow addict colorama posthog numba termcolor 2>&1 | grep -v "dependency resolver\|requires\|incompatible" || true
"$work/axolotl-venv/bin/python" scripts/check_axolotl.py "$work/out/other-trainers/axolotl" 2>"$work/axolotl.log" \
    || { tail -20 "$work/axolotl.log" >&2; exit 1; }
