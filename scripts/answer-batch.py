#!/usr/bin/env python3
"""Answers an OpenAI Batch JSONL file with a live OpenAI-compatible server, the way
`vllm run-batch` would, writing one result line per request. Used by the batch-mode tests;
also handy to run a batch file against any server.

usage: answer-batch.py BASE_URL REQUESTS.jsonl RESULTS.jsonl [--shuffle] [--seed N]
"""
import json
import random
import sys
import urllib.error
import urllib.request


def llama_cpp_slots(base_url):
    """llama.cpp's slot count; None for other servers (vLLM and OpenAI-style APIs have no /props)."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/props", timeout=10) as reply:
            return json.loads(reply.read()).get("total_slots", 1) if reply.status == 200 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def post(base_url, path, body):
    http = urllib.request.Request(base_url.rstrip("/") + path, data=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(http, timeout=600) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, {"error": {"message": error.read().decode(errors="replace")}}


def answer(base_url, line, slots=None):
    request = json.loads(line)
    body = request["body"]
    if slots is not None and "repetition_penalty" in body:
        # Batch files use vLLM's field names; llama.cpp ignores this one under that name.
        body["repeat_penalty"] = body.pop("repetition_penalty")
    n = body.get("n", 1)
    if slots is None or n <= slots:
        status, body = post(base_url, request["url"], body)
    else:
        # llama.cpp refuses n above its slot count: ask in parts (seeds offset by each part's
        # first index, as the tool does) and join the choices under their overall index.
        status, joined = 200, None
        for first in range(0, n, slots):
            part = dict(body, n=min(slots, n - first))
            if "seed" in body:
                part["seed"] = body["seed"] + first
            status, reply = post(base_url, request["url"], part)
            if status != 200:
                joined = reply
                break
            for choice in reply.get("choices", []):
                choice["index"] = first + choice.get("index", 0)
            if joined is None:
                joined = reply
            else:
                joined["choices"] += reply["choices"]
                for key, value in reply.get("usage", {}).items():
                    if isinstance(value, int):
                        joined["usage"][key] = joined["usage"].get(key, 0) + value
        body = joined
    return {"id": "batch_req_" + request["custom_id"][-8:], "custom_id": request["custom_id"],
            "response": {"status_code": status, "body": body}, "error": None}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    base_url, requests_path, results_path = args
    with open(requests_path) as f:
        slots = llama_cpp_slots(base_url)
        results = [answer(base_url, line, slots) for line in f if line.strip()]
    if "--shuffle" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
        random.Random(seed).shuffle(results)
    with open(results_path, "w") as f:
        for result in results:
            f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
