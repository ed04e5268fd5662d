#!/usr/bin/env bash
# Benchmarks of the model client (issue 3). Prints medians of several runs and ratios against a
# peer measured in the same run:
#   overhead  requests/s through EndpointPool against a loopback stub that answers at once, at
#             1, 64 and 512 in flight; peer: wrk (plain HTTP load) against the same stub.
#   memory    resident memory while sending REQUESTS (default 1,000,000) requests, 64 in flight.
#   engine    generated tokens/s drawn by the client from the real engine (qwen2.5-coder-0.5b,
#             4 slots) vs a plain saturating load of the same requests (python threads).
# Usage: scripts/bench-client.sh [overhead] [memory] [engine]   (default: all three)
# Needs: wrk (apt), python3; engine needs `inverse-instruct models pull qwen2.5-coder-0.5b`.
set -euo pipefail
cd "$(dirname "$0")/.."
sections=("$@"); [[ ${#sections[@]} -eq 0 ]] && sections=(overhead memory engine)
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
RUNS=${RUNS:-3}
REQUESTS=${REQUESTS:-1000000}

swift build -c release --product model-client-bench >/dev/null
# `serve` only launches the engine (C++), so the debug build of the tool is as good here.
swift build --product inverse-instruct >/dev/null
bench="$(swift build -c release --show-bin-path)/model-client-bench"
tool="$(swift build --show-bin-path)/inverse-instruct"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { grep -o "$1=[0-9.]*" | head -1 | cut -d= -f2; }
wait_for_line() { for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "timed out waiting for $1" >&2; exit 1; }

start_stub() {
    "$bench" stub >"$work/stub.out" 2>&1 &
    pids+=($!)
    wait_for_line "$work/stub.out" listening
    stub_url="$(awk '/listening/ {print $2}' "$work/stub.out")"
}

echo "machine: $(nproc) cores, $(uname -sr)"
for section in "${sections[@]}"; do
case "$section" in
overhead)
    start_stub
    cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"prompt":"def add(a, b):","n":1,"max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
LUA
    echo "== client overhead vs loopback stub ($stub_url), median of $RUNS runs"
    printf "%-10s %14s %14s %8s\n" "in flight" "client req/s" "wrk req/s" "ratio"
    for c in 1 64 512; do
        n=$(( c == 1 ? 20000 : 100000 ))
        client=(); peer=()
        for _ in $(seq 1 "$RUNS"); do
            client+=("$("$bench" overhead --url "$stub_url" --concurrency "$c" --requests "$n" | field req_per_s)")
            peer+=("$(wrk -t1 -c"$c" -d5s -s "$work/post.lua" "$stub_url/v1/completions" | awk '/Requests\/sec/ {print $2}')")
        done
        cm=$(printf "%s\n" "${client[@]}" | median); pm=$(printf "%s\n" "${peer[@]}" | median)
        printf "%-10s %14.0f %14.0f %8.2f   (client runs: %s; wrk runs: %s)\n" "$c" "$cm" "$pm" \
            "$(echo "$cm / $pm" | bc -l)" "${client[*]}" "${peer[*]}"
    done
    ;;
memory)
    [[ -n "${stub_url:-}" ]] || start_stub
    echo "== memory over $REQUESTS requests, 64 in flight (RSS / peak RSS in MiB)"
    "$bench" overhead --url "$stub_url" --concurrency 64 --requests "$REQUESTS" --report-every $(( REQUESTS / 10 ))
    ;;
engine)
    "$tool" serve --model qwen2.5-coder-0.5b --parallel 4 >"$work/serve.out" 2>"$work/serve.err" &
    pids+=($!)
    wait_for_line "$work/serve.out" "serving"
    url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out" | head -1)"
    ENGINE_REQUESTS=${ENGINE_REQUESTS:-16}; MAX_TOKENS=${MAX_TOKENS:-64}; IN_FLIGHT=${IN_FLIGHT:-8}
    prompt="Write a Python function that checks whether a number is prime, with a docstring and tests."
    cat >"$work/peer.py" <<'PY'
import json, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
url, prompt, total, max_tokens, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
body = json.dumps({"prompt": prompt, "n": 1, "temperature": 0.8, "max_tokens": max_tokens}).encode()
def one(_):
    req = urllib.request.Request(url + "/v1/completions", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["usage"]["completion_tokens"]
start = time.monotonic()
with ThreadPoolExecutor(threads) as pool:
    tokens = sum(pool.map(one, range(total)))
elapsed = time.monotonic() - start
print("peer tokens=%d seconds=%.2f tokens_per_s=%.2f" % (tokens, elapsed, tokens / elapsed))
PY
    echo "== real engine ($url, qwen2.5-coder-0.5b, 4 slots): $ENGINE_REQUESTS requests x $MAX_TOKENS tokens, $IN_FLIGHT in flight, median of $RUNS"
    python3 "$work/peer.py" "$url" "$prompt" 4 8 4 >/dev/null   # warm-up
    client=(); peer=()
    for _ in $(seq 1 "$RUNS"); do
        peer+=("$(python3 "$work/peer.py" "$url" "$prompt" "$ENGINE_REQUESTS" "$MAX_TOKENS" "$IN_FLIGHT" | field tokens_per_s)")
        client+=("$("$bench" engine --url "$url" --concurrency "$IN_FLIGHT" --requests "$ENGINE_REQUESTS" --max-tokens "$MAX_TOKENS" --prompt "$prompt" | field tokens_per_s)")
    done
    cm=$(printf "%s\n" "${client[@]}" | median); pm=$(printf "%s\n" "${peer[@]}" | median)
    printf "client %.2f tokens/s, plain load %.2f tokens/s, ratio %.3f   (client runs: %s; peer runs: %s)\n" \
        "$cm" "$pm" "$(echo "$cm / $pm" | bc -l)" "${client[*]}" "${peer[*]}"
    ;;
*) echo "unknown section $section" >&2; exit 2 ;;
esac
done
