#!/usr/bin/env bash
# `report` on a large synthetic Inverse-Instruct run (issue 16): SNIPPETS snippets × K
# candidates (default 10,000 × 10 = 100,000 candidates, each scored), written straight into a
# run store with the schema the tool uses, then rendered to one HTML page. Prints the run's
# size, the time `report` took, its peak memory and the page's size. Not a test: a figure.
#
# usage: scripts/bench-report.sh   (env: SNIPPETS, K, TOOL (default .build/debug/inverse-instruct;
#                                   a release build is faster), WORK (keep the files there))
set -euo pipefail
cd "$(dirname "$0")/.."
snippets=${SNIPPETS:-10000}
k=${K:-10}
tool=${TOOL:-.build/debug/inverse-instruct}
[[ -x $tool ]] || { echo "no $tool: run swift build first (or set TOOL)" >&2; exit 1; }
if [[ -n ${WORK:-} ]]; then work=$WORK; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
run="$work/run"
rm -rf "$run"; mkdir -p "$run"

python3 - "$run" "$snippets" "$k" Sources/RunStore/SQL/schema-v1.sql <<'PY'
import json, random, sqlite3, sys
run, snippets, k, schema = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(16)
db = sqlite3.connect(f"{run}/run.sqlite")
db.executescript(open(schema).read())
# GRDB's record of applied migrations: the tool then opens the store without migrating.
db.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
db.execute("INSERT INTO grdb_migrations VALUES ('v1')")
db.execute("INSERT INTO meta VALUES ('model', 'synthetic'), ('prompt_format', 'chatml')")
languages = ["python"] * 6 + ["javascript", "java", "cpp", "rust", "sql", "swift"]
openers = ["Write a", "Create a", "Implement a", "Build a", "Design a"]
words = "return the list of values sorted by key and count each item in the given string array".split()
t0, seq, units, selection = 1.7e9, 0, [], []
for s in range(snippets):
    sid = f"{s:016x}"
    lang, opener = random.choice(languages), random.choice(openers)
    code = "def f%d(xs):\n    return sorted(set(xs))[:%d]\n" % (s, s % 7 + 1)
    cands, best = [], None
    start = t0 + s * 0.05
    for i in range(k):
        if random.random() < 0.03:
            cands.append({"snippet_id": sid, "index": i, "opener": opener, "rejection": "degenerate: repeats itself", "raw": "", "finish_reason": "length"})
            continue
        text = opener + " " + " ".join(random.choice(words) for _ in range(random.randint(8, 60)))
        cands.append({"snippet_id": sid, "index": i, "opener": opener, "instruction": text, "raw": text, "finish_reason": "stop"})
        score = min(1.0, max(0.0, random.betavariate(5, 2)))
        seq += 1
        units.append(("score", f"{sid}/{i}/g/s", "done", None, json.dumps({"score": {"score": score}, "token": "Yes", "top": {"Yes": -0.2}}),
                      None, 300, 1, start + 1 + i * 0.01, start + 1.2 + i * 0.01, seq))
        if best is None or score > best[0]: best = (score, i, text)
    seq += 1
    units.append(("summarize", f"{sid}/g", "done", json.dumps({"snippet_id": sid, "language": lang, "code": code, "opener": opener}),
                  json.dumps({"candidates": cands}), None, 200, 40 * k, start, start + 1, seq))
    selection.append({"snippet_id": sid, "selected": [{"index": best[1], "instruction": best[2], "lm_score": best[0]}]} if best
                     else {"snippet_id": sid, "reason": "no usable candidate: degenerate"})
db.executemany("INSERT INTO unit (stage, key, status, payload, result, error, prompt_tokens, completion_tokens, created_at, started_at, finished_at, seq) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", units)
db.commit()
with open(f"{run}/selection.jsonl", "w") as f:
    for record in selection: f.write(json.dumps(record) + "\n")
print(f"synthetic run: {snippets} snippets, {sum(1 for u in units if u[0] == 'score')} scored candidates, "
      f"{len(units)} units, run.sqlite {__import__('os').path.getsize(run + '/run.sqlite') // 1048576} MiB")
PY

/usr/bin/time -f "report: %e s wall, %M KiB peak memory" "$tool" report "$run" -o "$work/report.html" --quiet
echo "page: $(( $(stat -c %s "$work/report.html") / 1024 )) KiB ($work/report.html)"
