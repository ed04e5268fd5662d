#!/usr/bin/env bash
# Inverse-Instruct throughput benchmark (issue 4): summarize + score for 50 Code Alpaca
# snippets with K = 4 against the local engine (0.5B model, 4 slots), timed against distilabel
# doing the same two steps on the same engine, and against a plain saturating load of the
# engine with the same requests, all in one script run. Token counts are the engine's own
# (its /metrics counters), so every contender is counted the same way. Prints medians over
# RUNS runs and the ratios.
#
# usage: scripts/bench-inverse-instruct.sh [RUNS]   (env: MODEL, SNIPPETS, K, MAX_TOKENS, TOOL: a built binary)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
model=${MODEL:-qwen2.5-coder-0.5b}
snippets=${SNIPPETS:-50}
k=${K:-4}
max_tokens=${MAX_TOKENS:-128}
source scripts/release-tool.sh
work=$(mktemp -d)
cleanup() { pkill -TERM -P $$ 2>/dev/null || true; wait 2>/dev/null; rm -rf "$work"; }
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

PYTHONWARNINGS=ignore "$work/peer-venv/bin/python" - "$model" "$work" "$runs" "$k" "$max_tokens" "$tool" <<'PY'
import json, os, re, signal, sqlite3, statistics, subprocess, sys, threading, time, urllib.request
# Stopped from outside: leave through the context managers, so the engine is stopped too.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
model, work, runs, k, max_tokens, tool = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
pairs = [json.loads(l) for l in open(f"{work}/pairs.jsonl")]
url = None

class Engine:
    """A fresh engine (4 slots, as a user would serve it) for each contender. llama.cpp keeps
    the prompts it evicts from its slots in a host-memory cache and restores them on a match,
    so an engine that already served one contender's prompts (the same seeds give the same
    prompts) would serve the next contender from that cache."""
    def __enter__(self):
        global url
        self.out = f"{work}/serve.out"
        self.proc = subprocess.Popen([tool, "serve", "--model", model, "--parallel", "4"], stdout=open(self.out, "w"),
                                     stderr=open(f"{work}/serve.err", "a"))
        for _ in range(1200):
            found = re.search(r"http://127\.0\.0\.1:[0-9]+", open(self.out).read())
            if found:
                try:
                    urllib.request.urlopen(found.group(0) + "/health", timeout=5)
                    url = found.group(0)
                    return self
                except OSError:
                    pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.5)
        sys.exit("the engine did not start: " + open(f"{work}/serve.err").read()[-2000:])
    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()

def post(path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())

def metrics():
    # The engine's Prometheus counters: prompt tokens it processed (cached ones excluded) and
    # tokens it generated, over every choice of every request.
    values = {}
    for line in urllib.request.urlopen(url + "/metrics", timeout=60).read().decode().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split()
            values[name.split(":", 1)[-1]] = float(value)
    return values

class Measured:
    """Wall time and the engine's token counters over a block of work."""
    def __enter__(self):
        self.before, self.start = metrics(), time.perf_counter()
        return self
    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        after = metrics()
        self.generated = int(after["tokens_predicted_total"] - self.before["tokens_predicted_total"])
        self.prompt = int(after["prompt_tokens_total"] - self.before["prompt_tokens_total"])

def tool_run(run_dir, *extra):
    out = subprocess.run([tool, "run", "--input", f"{work}/pairs.jsonl", "--run-dir", run_dir, "--candidates", str(k),
                          "--max-tokens", str(max_tokens), "--quiet", *extra], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"inverse-instruct {' '.join(extra)} failed: " + out.stderr)
    return out.stdout

def ours(run):
    run_dir = f"{work}/ours-{run}"
    with Measured() as m:
        s = json.loads(tool_run(run_dir, "--endpoint", url, "--concurrency", "8", "--seed", str(run), "--json"))
    # The span of model work inside the run (without start-up and export), from the run store.
    db = sqlite3.connect(f"{run_dir}/run.sqlite")
    start, end = db.execute("SELECT MIN(started_at), MAX(finished_at) FROM unit WHERE status = 'done'").fetchone()
    m.model_seconds = end - start
    m.selected = s["selected"]
    return m

def distilabel(run):
    # The same two steps: K instructions per snippet at temperature 0.8, then a one-token
    # self-evaluation of each, through distilabel's OpenAI-compatible LLM on the same engine.
    from distilabel.models import OpenAILLM
    llm = OpenAILLM(model="local", base_url=url + "/v1", api_key="none", max_retries=2, timeout=600)
    llm.load()
    generate = getattr(llm, "generate_outputs", llm.generate)
    def summarize_prompt(p):
        return [{"role": "user", "content": "This is a response code snippet to a programming problem, please give the problem description:\n" + p["response"]}]
    batch = 8
    with Measured() as m:
        inputs = [summarize_prompt(p) for p in pairs]
        instructions = []
        for i in range(0, len(inputs), batch):
            outs = generate(inputs=inputs[i:i + batch], num_generations=k, max_new_tokens=max_tokens,
                            temperature=0.8, stop=["```"])
            for p, o in zip(pairs[i:i + batch], outs):
                instructions += [(p, g or "") for g in o["generations"]]
        scoring = [[{"role": "user", "content": "Here is a programming problem:\n" + ins + "\n\nHere is the answer code to the problem:\n"
                     + p["response"] + "\nIs the answer correct? Your reply should begin with Yes or No."}] for p, ins in instructions]
        for i in range(0, len(scoring), batch):
            generate(inputs=scoring[i:i + batch], num_generations=1, max_new_tokens=1, temperature=0.0,
                     logprobs=True, top_logprobs=5)
    return m

def fire(path, in_flight=16):
    # A plain saturating load: every request of the file fired by threads, no client logic.
    bodies = [json.loads(l)["body"] for l in open(path)]
    results, lock, queue = [], threading.Lock(), list(enumerate(bodies))
    def worker():
        while True:
            with lock:
                if not queue:
                    return
                index, body = queue.pop()
            body.pop("model", None)
            # Batch files use vLLM's field names; llama.cpp calls this one repeat_penalty.
            if "repetition_penalty" in body:
                body["repeat_penalty"] = body.pop("repetition_penalty")
            reply = post("/v1/completions", body)
            with lock:
                results.append((index, reply))
    threads = [threading.Thread(target=worker) for _ in range(in_flight)]
    for t in threads: t.start()
    for t in threads: t.join()
    return [json.loads(l)["custom_id"] for l in open(path)], dict(results)

def saturated(run):
    # The engine saturated by the same work: our run's summarize requests (same seeds, so the
    # same bodies), then the score requests of the candidates they produced, each set fired at
    # once by plain threads. Only the firing is timed; writing and reading the batch files is not.
    run_dir = f"{work}/replay-{run}"
    common = ("--model", "qwen", "--prompt-format", "chatml", "--seed", str(run))
    seconds = generated = prompt = 0
    tool_run(run_dir, *common, "--batch-out", f"{run_dir}-summarize.jsonl")
    for phase, after in (("summarize", "score"), ("score", "none")):
        with Measured() as m:
            ids, replies = fire(f"{run_dir}-{phase}.jsonl")
        seconds, generated, prompt = seconds + m.seconds, generated + m.generated, prompt + m.prompt
        with open(f"{run_dir}-{phase}-results.jsonl", "w") as f:
            for index, custom_id in enumerate(ids):
                f.write(json.dumps({"custom_id": custom_id, "response": {"status_code": 200, "body": replies[index]}}) + "\n")
        # Ingest the results; the next stage's requests come out (none after score).
        tool_run(run_dir, *common, "--batch-in", f"{run_dir}-{phase}-results.jsonl", "--batch-out", f"{run_dir}-{after}.jsonl")
    m.seconds, m.generated, m.prompt = seconds, generated, prompt
    return m

rows = {"ours": [], "distilabel": [], "saturated": []}
for run in range(runs):
    with Engine():
        o = ours(run)
    with Engine():
        d = distilabel(run)
    with Engine():
        s = saturated(run)
    rows["ours"].append(o); rows["distilabel"].append(d); rows["saturated"].append(s)
    print(f"run {run}: inverse-instruct {o.seconds:.1f} s ({o.model_seconds:.1f} s of model work), {o.generated} generated + "
          f"{o.prompt} prompt tokens, {o.selected} selected; distilabel {d.seconds:.1f} s, {d.generated} + {d.prompt}; "
          f"saturated replay {s.seconds:.1f} s, {s.generated} + {s.prompt}", file=sys.stderr)

def median(name, field):
    return statistics.median(getattr(m, field) for m in rows[name])
def rate(m, seconds_field="seconds"):
    return m.generated / getattr(m, seconds_field)
print(f"median over {runs} runs, summarize + score of {len(pairs)} snippets, K = {k}, max {max_tokens} new tokens "
      f"(token counts from the engine's /metrics):")
print(f"  inverse-instruct: {median('ours', 'seconds'):.1f} s wall ({median('ours', 'model_seconds'):.1f} s of model work), "
      f"{median('ours', 'generated'):.0f} generated + {median('ours', 'prompt'):.0f} prompt tokens, "
      f"{statistics.median(rate(m) for m in rows['ours']):.1f} generated tok/s")
print(f"  distilabel:       {median('distilabel', 'seconds'):.1f} s wall, {median('distilabel', 'generated'):.0f} generated + "
      f"{median('distilabel', 'prompt'):.0f} prompt tokens, {statistics.median(rate(m) for m in rows['distilabel']):.1f} generated tok/s")
print(f"  saturated engine: {median('saturated', 'seconds'):.1f} s, {median('saturated', 'generated'):.0f} generated + "
      f"{median('saturated', 'prompt'):.0f} prompt tokens, {statistics.median(rate(m) for m in rows['saturated']):.1f} generated tok/s")
speedups = [d.seconds / o.seconds for o, d in zip(rows["ours"], rows["distilabel"])]
print(f"  inverse-instruct vs distilabel, wall time: {statistics.median(speedups):.2f}x faster "
      f"(per run: {', '.join(f'{x:.2f}' for x in speedups)}; target >= 1.5x)")
# Per unit of engine work: the same seconds-per-token comparison, so a run that happened to
# generate more tokens is not penalized for it.
ratios = [rate(o, "model_seconds") / rate(s) for o, s in zip(rows["ours"], rows["saturated"])]
print(f"  inverse-instruct's model work vs the saturated engine, generated tok/s: {statistics.median(ratios):.2f} "
      f"(per run: {', '.join(f'{x:.2f}' for x in ratios)}; target >= 0.95)")
PY
