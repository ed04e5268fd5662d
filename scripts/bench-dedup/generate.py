#!/usr/bin/env python3
"""Makes the de-duplication benchmark corpus: Code Alpaca records repeated with random word
edits, so the true near-duplicate clusters are known.

Every Code Alpaca record (code_alpaca_2k.json + new_codealpaca.json) is a base; the corpus is
the bases in a shuffled order, each followed later by copies. A copy is its base with 1 to 3
random word edits (replace, delete, insert, or swap two neighbours) in its instruction or
output. Writes:
  corpus.jsonl  {"id", "instruction", "input", "output"}
  truth.jsonl   {"id", "base", "planted": copy of an earlier record of its base,
                 "jaccard": true Jaccard of its word-5-shingle set with its base's}
Standard library only; deterministic for --seed.
"""
import argparse
import json
import random


def shingles(text, size):
    words = text.lower().split()
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def edit(text, rng, vocabulary, edits):
    words = text.split(" ")
    for _ in range(edits):
        if not words:
            words = [rng.choice(vocabulary)]
            continue
        op = rng.choice(("replace", "delete", "insert", "swap"))
        position = rng.randrange(len(words))
        if op == "replace":
            words[position] = rng.choice(vocabulary)
        elif op == "delete" and len(words) > 1:
            del words[position]
        elif op == "insert":
            words.insert(position, rng.choice(vocabulary))
        elif position + 1 < len(words):
            words[position], words[position + 1] = words[position + 1], words[position]
    return " ".join(words)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="folder with code_alpaca_2k.json and new_codealpaca.json")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shingle-size", type=int, default=5)
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    bases = []
    for name in ("code_alpaca_2k.json", "new_codealpaca.json"):
        with open(f"{args.data}/{name}") as f:
            for record in json.load(f):
                bases.append({"instruction": record["instruction"], "input": record.get("input", ""),
                              "output": record["output"]})
    vocabulary = sorted({w for b in bases for w in b["instruction"].split()})
    order = list(range(len(bases)))
    rng.shuffle(order)

    def text(record):
        return "\n".join((record["instruction"], record["input"], record["output"]))

    base_shingles = {}
    emitted = []  # bases already in the corpus, so copies follow their base
    next_base = 0
    with open(f"{args.out}/corpus.jsonl", "w") as corpus, open(f"{args.out}/truth.jsonl", "w") as truth:
        for index in range(args.records):
            # Spread the bases through the corpus: a new base while there are some left, at the
            # rate that places the last one near the end.
            remaining = args.records - index
            if next_base < len(order) and (not emitted or rng.random() < (len(order) - next_base) / remaining):
                base = order[next_base]
                next_base += 1
                emitted.append(base)
                record = dict(bases[base])
                planted = False
            else:
                base = rng.choice(emitted)
                record = dict(bases[base])
                field = rng.choice(("instruction", "output"))
                edits = rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
                record[field] = edit(record[field], rng, vocabulary, edits)
                planted = True
            if base not in base_shingles:
                base_shingles[base] = shingles(text(bases[base]), args.shingle_size)
            mine = shingles(text(record), args.shingle_size)
            union = mine | base_shingles[base]
            jaccard = len(mine & base_shingles[base]) / len(union) if union else 1.0
            record_id = f"r{index}"
            corpus.write(json.dumps({"id": record_id, **record}) + "\n")
            truth.write(json.dumps({"id": record_id, "base": base, "planted": planted, "jaccard": round(jaccard, 4)}) + "\n")


if __name__ == "__main__":
    main()
