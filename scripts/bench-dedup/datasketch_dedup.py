#!/usr/bin/env python3
"""The peer: the same de-duplication with the datasketch library, as its users write it.

Same text (fields joined by newlines), same word shingles (lowercased, split on whitespace,
rejoined with single spaces), exact duplicates by the whitespace/case-normalized text, then
MinHash (num_perm, seed; datasketch 2.0's default scheme "affine32" and hash sha1_hash32) and
MinHashLSH with the same bands × rows; records that share a bucket
are joined with union-find and the first of each cluster is kept. Writes the kept records as
JSONL and the removed ids, one per line.
"""
import argparse
import json

from datasketch import MinHash, MinHashLSH


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--fields", default="instruction,input,output")
    parser.add_argument("--permutations", type=int, default=128)
    parser.add_argument("--bands", type=int, required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--shingle-size", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True)
    parser.add_argument("--removed", required=True)
    args = parser.parse_args()
    fields = args.fields.split(",")
    size = args.shingle_size

    lsh = MinHashLSH(num_perm=args.permutations, params=(args.bands, args.rows))
    parent = []

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb

    exact = {}
    records = []
    with open(args.input) as f:
        for index, line in enumerate(f):
            record = json.loads(line)
            records.append(record)
            parent.append(index)
            words = "\n".join(record[k] for k in fields).lower().split()
            key = " ".join(words)
            if key in exact:
                union(exact[key], index)
                continue
            exact[key] = index
            if not words:
                continue
            if len(words) < size:
                shingles = {key}
            else:
                shingles = {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}
            m = MinHash(num_perm=args.permutations, seed=args.seed)
            m.update_batch([s.encode("utf-8") for s in shingles])
            for other in lsh.query(m):
                union(other, index)
            lsh.insert(index, m)

    with open(args.output, "w") as out, open(args.removed, "w") as removed:
        for index, record in enumerate(records):
            if find(index) == index:
                out.write(json.dumps(record) + "\n")
            else:
                removed.write(record["id"] + "\n")


if __name__ == "__main__":
    main()
