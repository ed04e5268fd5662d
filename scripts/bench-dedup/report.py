#!/usr/bin/env python3
"""Summarizes a bench-dedup run: medians of wall time, CPU time and peak memory for each side,
the speed ratio (wall; CPU too, since inverse-instruct uses every core and datasketch one), agreement of the removed sets, and recall against the planted clusters.

"swift" is inverse-instruct with its datasketch hash family (the default, `--hash datasketch`):
the same MinHash signatures as datasketch for the same seed, so the removed sets should agree
exactly. "fast" is inverse-instruct with `--hash fast`, an independent hash family.

agreement = |S ∩ D| / |S ∪ D| (Jaccard) of the sets of removed record ids, S by inverse-instruct
            and D by datasketch.
recall    = planted copies removed / planted copies (a planted copy is a record whose base
            already occurred earlier in the corpus); also given for copies whose true word-shingle
            Jaccard with their base is at least the threshold.
precision = removed records that are planted copies / removed records.
clear-case agreement: the same Jaccard restricted to records whose decision is not a coin flip
            of LSH: first occurrences of a base, and planted copies whose true Jaccard with their
            base is at least threshold + 0.15.
noise floor: datasketch seed 1 vs seed 2. MinHash LSH is randomized: pairs near the threshold
            become candidates by chance, so an implementation with an independent hash family
            (the fast one) agrees with datasketch about as much as datasketch agrees with itself
            under another seed; the datasketch family agrees exactly, at any seed.
load:       the machine's 1-minute load average before each measured run (2 cores).
"""
import argparse
import json
import statistics


def ids_from_evidence(path):
    return {json.loads(line)["record"]["id"] for line in open(path)}


def ids_from_list(path):
    return {line.strip() for line in open(path) if line.strip()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--truth", required=True)
    parser.add_argument("--swift-evidence", required=True)
    parser.add_argument("--datasketch-removed", required=True)
    parser.add_argument("--swift-runs", required=True, help="JSONL of measure.py lines")
    parser.add_argument("--datasketch-runs", required=True)
    parser.add_argument("--swift-summary", required=True, help="the --json output of one dedup run")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--fast-evidence", help="evidence of an inverse-instruct --hash fast run")
    parser.add_argument("--fast-runs", help="measure.py lines of --hash fast runs")
    parser.add_argument("--datasketch-removed-seed2", help="removed ids of a datasketch run with seed 2")
    parser.add_argument("--swift-evidence-seed2", help="evidence of an inverse-instruct run with seed 2")
    args = parser.parse_args()

    truth = [json.loads(line) for line in open(args.truth)]
    planted = {t["id"] for t in truth if t["planted"]}
    planted_above = {t["id"] for t in truth if t["planted"] and t["jaccard"] >= args.threshold}
    swift = ids_from_evidence(args.swift_evidence)
    datasketch = ids_from_list(args.datasketch_removed)
    swift_runs = [json.loads(line) for line in open(args.swift_runs)]
    peer_runs = [json.loads(line) for line in open(args.datasketch_runs)]
    summary = json.load(open(args.swift_summary))

    def median(runs, key):
        return statistics.median(r[key] for r in runs)

    def recall(removed, wanted):
        return round(len(removed & wanted) / len(wanted), 4) if wanted else 1.0

    def agreement(a, b):
        return round(len(a & b) / len(a | b), 4) if a | b else 1.0

    def precision(removed):
        return round(len(removed & planted) / len(removed), 4) if removed else 1.0

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
        "load_before_runs": [r.get("load_before") for r in swift_runs + peer_runs],
        "swift_removed": len(swift),
        "datasketch_removed": len(datasketch),
        "swift_removed_by_method": summary["removed"],
        "agreement_jaccard": agreement(swift, datasketch),
        "only_swift": len(swift - datasketch),
        "only_datasketch": len(datasketch - swift),
        "swift_recall": recall(swift, planted),
        "datasketch_recall": recall(datasketch, planted),
        "swift_recall_at_or_above_threshold": recall(swift, planted_above),
        "datasketch_recall_at_or_above_threshold": recall(datasketch, planted_above),
        "swift_precision": precision(swift),
        "datasketch_precision": precision(datasketch),
    }
    clear = {t["id"] for t in truth if not t["planted"] or t["jaccard"] >= args.threshold + 0.15}
    if args.fast_runs:
        fast_runs = [json.loads(line) for line in open(args.fast_runs)]
        result["fast_wall_s"] = [r["wall_s"] for r in fast_runs]
        result["fast_median_s"] = median(fast_runs, "wall_s")
        result["fast_speedup"] = round(median(peer_runs, "wall_s") / median(fast_runs, "wall_s"), 2)
        result["fast_median_cpu_s"] = median(fast_runs, "cpu_s")
        result["fast_cpu_ratio"] = round(median(peer_runs, "cpu_s") / median(fast_runs, "cpu_s"), 2)
        result["fast_peak_mib"] = median(fast_runs, "peak_mib")
        result["load_before_runs"] += [r.get("load_before") for r in fast_runs]
    if args.fast_evidence:
        fast = ids_from_evidence(args.fast_evidence)
        result["fast_removed"] = len(fast)
        result["fast_agreement_jaccard"] = agreement(fast, datasketch)
        result["fast_recall"] = recall(fast, planted)
        result["fast_recall_at_or_above_threshold"] = recall(fast, planted_above)
        result["fast_precision"] = precision(fast)
        result["clear_cases"] = len(clear)
        result["fast_agreement_clear_cases"] = agreement(fast & clear, datasketch & clear)
    if args.datasketch_removed_seed2:
        other = ids_from_list(args.datasketch_removed_seed2)
        result["datasketch_seed1_vs_seed2_agreement"] = agreement(datasketch, other)
        if args.swift_evidence_seed2:
            result["seed2_agreement_jaccard"] = agreement(ids_from_evidence(args.swift_evidence_seed2), other)
    loads = [x for x in result["load_before_runs"] if x is not None]
    if loads:
        result["load_before_runs_median"] = statistics.median(loads)
        result["load_before_runs_max"] = max(loads)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"  {key.ljust(width)}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
