#!/usr/bin/env python3
"""Summarizes a bench-dedup run: medians of wall time, CPU time and peak memory for each side,
the speed ratio (wall; CPU too, since inverse-instruct uses every core and datasketch one), agreement of the removed sets, and recall against the planted clusters.

agreement = |S ∩ D| / |S ∪ D| (Jaccard) of the sets of removed record ids, S by inverse-instruct
            and D by datasketch.
recall    = planted copies removed / planted copies (a planted copy is a record whose base
            already occurred earlier in the corpus); also given for copies whose true word-shingle
            Jaccard with their base is at least the threshold.
precision = removed records that are planted copies / removed records.
clear-case agreement: the same Jaccard restricted to records whose decision is not a coin flip
            of LSH: first occurrences of a base, and planted copies whose true Jaccard with their
            base is at least threshold + 0.15 (copies in between are removed or kept by chance
            by any MinHash implementation).
noise floor: the same agreement between two runs of one tool with different seeds (datasketch
            seed 1 vs 2, inverse-instruct seed 1 vs 2). MinHash LSH is randomized: pairs near the
            threshold become candidates by chance, so two correct implementations with
            independent hash families cannot agree more than one of them agrees with itself
            under another seed.
"""
import argparse
import json
import statistics


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--truth", required=True)
    parser.add_argument("--swift-evidence", required=True)
    parser.add_argument("--datasketch-removed", required=True)
    parser.add_argument("--swift-runs", required=True, help="JSONL of measure.py lines")
    parser.add_argument("--datasketch-runs", required=True)
    parser.add_argument("--swift-summary", required=True, help="the --json output of one dedup run")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--datasketch-removed-seed2", help="removed ids of a datasketch run with seed 2")
    parser.add_argument("--swift-evidence-seed2", help="evidence of an inverse-instruct run with seed 2")
    args = parser.parse_args()

    truth = [json.loads(line) for line in open(args.truth)]
    planted = {t["id"] for t in truth if t["planted"]}
    planted_above = {t["id"] for t in truth if t["planted"] and t["jaccard"] >= args.threshold}
    swift = {json.loads(line)["record"]["id"] for line in open(args.swift_evidence)}
    datasketch = {line.strip() for line in open(args.datasketch_removed) if line.strip()}
    swift_runs = [json.loads(line) for line in open(args.swift_runs)]
    peer_runs = [json.loads(line) for line in open(args.datasketch_runs)]
    summary = json.load(open(args.swift_summary))

    def median(runs, key):
        return statistics.median(r[key] for r in runs)

    def recall(removed, wanted):
        return len(removed & wanted) / len(wanted) if wanted else 1.0

    def agreement(a, b):
        return round(len(a & b) / len(a | b), 4) if a | b else 1.0

    union = swift | datasketch
    result = {
        "records": len(truth),
        "planted_copies": len(planted),
        "planted_copies_at_or_above_threshold": len(planted_above),
        "parameters": summary["parameters"],
        "swift_wall_s": [r["wall_s"] for r in swift_runs],
        "datasketch_wall_s": [r["wall_s"] for r in peer_runs],
        "swift_median_s": median(swift_runs, "wall_s"),
        "datasketch_median_s": median(peer_runs, "wall_s"),
        "speedup": round(median(peer_runs, "wall_s") / median(swift_runs, "wall_s"), 2),
        "swift_median_cpu_s": median(swift_runs, "cpu_s"),
        "datasketch_median_cpu_s": median(peer_runs, "cpu_s"),
        "cpu_ratio": round(median(peer_runs, "cpu_s") / median(swift_runs, "cpu_s"), 2),
        "swift_peak_mib": median(swift_runs, "peak_mib"),
        "datasketch_peak_mib": median(peer_runs, "peak_mib"),
        "swift_removed": len(swift),
        "datasketch_removed": len(datasketch),
        "swift_removed_by_method": summary["removed"],
        "agreement_jaccard": round(len(swift & datasketch) / len(union), 4) if union else 1.0,
        "only_swift": len(swift - datasketch),
        "only_datasketch": len(datasketch - swift),
        "datasketch_seed1_vs_seed2_agreement": None,
        "swift_seed1_vs_seed2_agreement": None,
        "swift_recall": round(recall(swift, planted), 4),
        "datasketch_recall": round(recall(datasketch, planted), 4),
        "swift_recall_at_or_above_threshold": round(recall(swift, planted_above), 4),
        "datasketch_recall_at_or_above_threshold": round(recall(datasketch, planted_above), 4),
        "swift_precision": round(len(swift & planted) / len(swift), 4) if swift else 1.0,
        "datasketch_precision": round(len(datasketch & planted) / len(datasketch), 4) if datasketch else 1.0,
    }
    clear = {t["id"] for t in truth if not t["planted"] or t["jaccard"] >= args.threshold + 0.15}
    result["clear_cases"] = len(clear)
    result["agreement_clear_cases"] = agreement(swift & clear, datasketch & clear)
    if args.datasketch_removed_seed2:
        other = {line.strip() for line in open(args.datasketch_removed_seed2) if line.strip()}
        result["datasketch_seed1_vs_seed2_agreement"] = agreement(datasketch, other)
    if args.swift_evidence_seed2:
        other = {json.loads(line)["record"]["id"] for line in open(args.swift_evidence_seed2)}
        result["swift_seed1_vs_seed2_agreement"] = agreement(swift, other)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"  {key.ljust(width)}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
