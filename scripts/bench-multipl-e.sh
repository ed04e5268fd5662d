#!/usr/bin/env bash
# Throughput of `inverse-instruct eval multipl-e` per language: the same hand-written correct
# completions (HumanEval_53_add and one more task per language, as in the tests) repeated COPIES
# times, each copy made distinct by a trailing comment so the per-run cache of identical
# programs does not hide the work. Prints samples per second and the pass count per language.
#
# Java: the tool compiles with javac and runs with a JVM tuned for start-up (serial GC, C1
# only, class-data sharing; MultiPLEToolchain.jvmOptions). For comparison, the same programs are
# also compiled and run the plain way MultiPL-E does (`javac -d DIR F.java` then
# `java -ea -cp DIR Problem`), one after another outside the sandbox, and, as a third way,
# with `java`'s source-file launcher (one JVM that compiles in memory and runs), tuned.
#
# Usage: scripts/bench-multipl-e.sh [COPIES] [LANGUAGES]   (default: 20 java,js,cpp,php,swift,rs)
# Needs: scripts/setup.sh (the toolchains and the build).
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-20}
languages=${2:-java,js,cpp,php,swift,rs}
tool=.build/debug/inverse-instruct
[[ -x $tool ]] || swift build --product inverse-instruct
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$copies" "$languages" <<'PY'
import json, sys
work, copies, languages = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
correct = {
    "java": [("HumanEval_23_strlen", "        return string.length();"), ("HumanEval_53_add", "        return x + y;")],
    "js": [("HumanEval_23_strlen", "  return string.length;\n}"), ("HumanEval_53_add", "  return x + y;\n}")],
    "cpp": [("HumanEval_23_strlen", "    return string.size();"), ("HumanEval_53_add", "    return x + y;")],
    "php": [("HumanEval_13_greatest_common_divisor", "    while ($b != 0) { [$a, $b] = [$b, $a % $b]; }\n    return $a;\n}"),
            ("HumanEval_53_add", "    return $x + $y;\n}")],
    "swift": [("HumanEval_23_strlen", "    return string.count"), ("HumanEval_53_add", "    return x + y")],
    "rs": [("HumanEval_23_strlen", "    string.len() as isize"), ("HumanEval_53_add", "    x + y")],
}
for language in languages:
    with open("%s/%s.jsonl" % (work, language), "w") as f:
        for copy in range(copies):
            for task, completion in correct[language]:
                # A comment after the code: a distinct program, the same behaviour.
                f.write(json.dumps({"task_id": task, "completion": completion + "\n// copy %d" % copy}) + "\n")
    if language == "java":
        problem = next(json.loads(l) for l in open("Data/multipl-e/humaneval-java.jsonl") if '"HumanEval_53_add"' in l)
        for copy in range(copies):
            with open("%s/java-%d.java" % (work, copy), "w") as f:
                f.write(problem["prompt"] + "        return x + y;\n// copy %d\n" % copy + problem["tests"])
PY

printf '%-6s %8s %8s %10s %12s\n' language samples passed seconds samples/s
IFS=, read -ra list <<<"$languages"
for language in "${list[@]}"; do
  json=$("$tool" eval multipl-e --language "$language" --samples "$work/$language.jsonl" -o "$work/$language-results.jsonl" --json --quiet)
  python3 -c '
import json, sys
r = json.loads(sys.argv[2])
print("%-6s %8d %8d %10.2f %12.2f" % (sys.argv[1], r["samples"], r["passed"], r["seconds"], r["samples"] / r["seconds"]))
' "$language" "$json"
done

if [[ ,$languages, == *,java,* ]]; then
  jar=/usr/share/java/javatuples.jar
  tuned=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
  echo
  echo "java, $copies programs one after another outside the sandbox (seconds per sample):"
  measure() {  # label, then a command run per program with $f set
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    for ((i = 0; i < copies; i++)); do
      f=$work/java-$i.java d=$work/classes-$i
      mkdir -p "$d"
      "$@" >/dev/null 2>&1 || { echo "$label: program $i failed" >&2; }
    done
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v n="$copies" -v l="$label" 'BEGIN { printf "  %-44s %.3f\n", l, (e - s) / n }'
  }
  plain() { javac -encoding UTF8 -cp "$jar" -d "$d" "$f" && java -ea -cp "$d:$jar" Problem; }
  tuned_two() { javac "${tuned[@]/#/-J}" -encoding UTF8 -cp "$jar" -d "$d" "$f" && java "${tuned[@]}" -ea -cp "$d:$jar" Problem; }
  launcher() { java "${tuned[@]}" -ea -cp "$jar" "$f"; }
  measure "plain javac + java (MultiPL-E)" plain
  measure "tuned javac + java (the tool's choice)" tuned_two
  measure "tuned source-file launcher (java F.java)" launcher
fi
