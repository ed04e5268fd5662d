#!/usr/bin/env bash
# Inverse-Instruct throughput benchmark (issue 4): summarize + score for 50 Code Alpaca
# snippets with K = 4 against the local engine (0.5B model, 4 slots), timed against distilabel
# doing the same two steps on the same engine, and against a plain saturating load of the
# engine, all in one script run. Prints generated tokens/s for each, the ratios, and medians
# over RUNS runs.
#
# usage: scripts/bench-inverse-instruct.sh [RUNS]   (env: MODEL, SNIPPETS, K, MAX_TOKENS)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
model=${MODEL:-qwen2.5-coder-0.5b}
snippets=${SNIPPETS:-50}
k=${K:-4}
max_tokens=${MAX_TOKENS:-128}
scratch=.build-release
swift build -c release --product inverse-instruct --scratch-path "$scratch" >/dev/null 2>&1 || { echo "release build failed" >&2; exit 1; }
tool="$scratch/release/inverse-instruct"
work=$(mktemp -d)
engine_pid=""
cleanup() { [[ -n $engine_pid ]] && kill "$engine_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Throwaway environment for the peer, outside the project.
python3 -m venv "$work/peer-venv"
"$work/peer-venv/bin/pip" install -q --disable-pip-version-check "distilabel[openai]==1.5.3" requests >/dev/null

# The input: the first $snippets Python snippets of Code Alpaca, as instruction/response pairs.
"$tool" extract ../shared/data/code_alpaca_2k.json -o "$work/snippets.jsonl" --quiet
python3 - "$work" "$snippets" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
with open(f"{work}/snippets.jsonl") as f, open(f"{work}/pairs.jsonl", "w") as out:
    for line in list(f)[:n]:
        s = json.loads(line)
        out.write(json.dumps({"instruction": s["instruction"],
                              "response": "```python\n" + s["code"] + "\n```"}) + "\n")
PY

# The engine: 4 slots, as a user would serve it.
"$tool" serve --model "$model" --parallel 4 > "$work/serve.out" 2> "$work/serve.err" &
engine_pid=$!
for _ in $(seq 600); do
  url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$work/serve.out" | head -1 || true)
  [[ -n $url ]] && curl -sf "$url/health" >/dev/null && break
  sleep 1
done
[[ -n ${url:-} ]] || { echo "the engine did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "engine: $url ($model, 4 slots)" >&2

"$work/peer-venv/bin/python" - "$url" "$work" "$runs" "$k" "$max_tokens" "$tool" <<'PY'
import json, os, statistics, subprocess, sys, threading, time, urllib.request
url, work, runs, k, max_tokens, tool = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
pairs = [json.loads(l) for l in open(f"{work}/pairs.jsonl")]

def post(path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())

def ours(run):
    run_dir = f"{work}/ours-{run}"
    start = time.perf_counter()
    out = subprocess.run([tool, "run", "--input", f"{work}/pairs.jsonl", "--run-dir", run_dir, "--endpoint", url,
                          "--candidates", str(k), "--max-tokens", str(max_tokens), "--concurrency", "8",
                          "--seed", str(run), "--json", "--quiet"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit("inverse-instruct failed: " + out.stderr)
    s = json.loads(out.stdout)
    return seconds, s["completion_tokens"], s["prompt_tokens"]

def distilabel(run):
    # The same two steps: K instructions per snippet at temperature 0.8, then a one-token
    # self-evaluation of each, through distilabel's OpenAI-compatible LLM on the same engine.
    from distilabel.models import OpenAILLM
    llm = OpenAILLM(model="local", base_url=url + "/v1", api_key="none", max_retries=2, timeout=600)
    llm.load()
    generate = getattr(llm, "generate_outputs", llm.generate)
    def summarize_prompt(p):
        code = p["response"]
        return [{"role": "user", "content": "This is a response code snippet to a programming problem, please give the problem description:\n" + code}]
    start = time.perf_counter()
    completion_tokens = prompt_tokens = 0
    inputs = [summarize_prompt(p) for p in pairs]
    batch = 8
    instructions = []
    for i in range(0, len(inputs), batch):
        outs = generate(inputs=inputs[i:i + batch], num_generations=k, max_new_tokens=max_tokens,
                                    temperature=0.8, stop=["```"])
        for p, o in zip(pairs[i:i + batch], outs):
            for g, st in zip(o["generations"], o["statistics"]["output_tokens"]):
                completion_tokens += st
                instructions.append((p, g or ""))
            prompt_tokens += sum(o["statistics"]["input_tokens"])
    scoring = [[{"role": "user", "content": "Here is a programming problem:\n" + ins + "\n\nHere is the answer code to the problem:\n"
                 + p["response"] + "\nIs the answer correct? Your reply should begin with Yes or No."}] for p, ins in instructions]
    for i in range(0, len(scoring), batch):
        outs = generate(inputs=scoring[i:i + batch], num_generations=1, max_new_tokens=1, temperature=0.0,
                                    logprobs=True, top_logprobs=5)
        for o in outs:
            completion_tokens += sum(o["statistics"]["output_tokens"])
            prompt_tokens += sum(o["statistics"]["input_tokens"])
    return time.perf_counter() - start, completion_tokens, prompt_tokens

def stage_throughput(run_dir, stage):
    # Completion tokens per second of wall time over one stage, from the run store's timings.
    import sqlite3
    db = sqlite3.connect(f"{run_dir}/run.sqlite")
    start, end, tokens = db.execute("SELECT MIN(started_at), MAX(finished_at), SUM(completion_tokens) FROM unit "
                                    "WHERE stage = ? AND status = 'done'", (stage,)).fetchone()
    return tokens / (end - start)

def saturated(run, in_flight=16):
    # The engine's saturated throughput on the same work: the exact summarize requests of our
    # run (written with --batch-out), fired by plain threads with no client logic at all.
    run_dir = f"{work}/replay-{run}"
    out = subprocess.run([tool, "run", "--input", f"{work}/pairs.jsonl", "--run-dir", run_dir, "--model", "qwen",
                          "--prompt-format", "chatml", "--candidates", str(k), "--max-tokens", str(max_tokens),
                          "--seed", str(run), "--batch-out", f"{run_dir}.jsonl", "--quiet"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("batch-out failed: " + out.stderr)
    bodies = [json.loads(l)["body"] for l in open(f"{run_dir}.jsonl")]
    for body in bodies:
        body.pop("model", None)
    tokens, lock, queue = [0], threading.Lock(), list(bodies)
    def worker():
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            r = post("/v1/completions", body)
            # llama.cpp's usage counts one choice of an n > 1 request; count every choice the
            # same way the client's accounting does (usage x n), so both sides are comparable.
            with lock:
                tokens[0] += r["usage"]["completion_tokens"] * max(1, len(r.get("choices", [])))
    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(in_flight)]
    for t in threads: t.start()
    for t in threads: t.join()
    return tokens[0] / (time.perf_counter() - start)

results = {"ours": [], "ours_seconds": [], "distilabel": [], "distilabel_seconds": [], "summarize": [], "saturated": []}
for run in range(runs):
    s, c, p = ours(run)
    results["ours"].append(c / s)
    results["ours_seconds"].append(s)
    results["summarize"].append(stage_throughput(f"{work}/ours-{run}", "summarize"))
    print(f"run {run}: inverse-instruct {s:.1f} s, {c} completion + {p} prompt tokens, {c / s:.1f} tok/s "
          f"(summarize stage {results['summarize'][-1]:.1f} tok/s)", file=sys.stderr)
    s, c, p = distilabel(run)
    results["distilabel"].append(c / s)
    results["distilabel_seconds"].append(s)
    print(f"run {run}: distilabel       {s:.1f} s, {c} completion + {p} prompt tokens, {c / s:.1f} tok/s", file=sys.stderr)
    results["saturated"].append(saturated(run))
    print(f"run {run}: saturated engine on the same summarize requests {results['saturated'][-1]:.1f} tok/s", file=sys.stderr)
med = {name: statistics.median(v) for name, v in results.items()}
print(f"median over {runs} runs, summarize + score of {len(pairs)} snippets, K = {k}:")
print(f"  wall time: inverse-instruct {med['ours_seconds']:.1f} s, distilabel {med['distilabel_seconds']:.1f} s "
      f"-> {med['distilabel_seconds'] / med['ours_seconds']:.2f}x faster (target >= 1.5x)")
print(f"  generated tokens/s: inverse-instruct {med['ours']:.1f}, distilabel {med['distilabel']:.1f}")
print(f"  summarize stage {med['summarize']:.1f} tok/s vs the engine saturated by the same requests "
      f"{med['saturated']:.1f} tok/s -> {med['summarize'] / med['saturated']:.2f} (target >= 0.95)")
PY
