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


def is_llama_cpp(base_url):
    # llama.cpp's server answers /props; vLLM and OpenAI-style APIs do not.
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/props", timeout=10) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


def answer(base_url, line, llama_cpp=False):
    request = json.loads(line)
    body = request["body"]
    if llama_cpp and "repetition_penalty" in body:
        # Batch files use vLLM's field names; llama.cpp ignores this one under that name.
        body["repeat_penalty"] = body.pop("repetition_penalty")
    data = json.dumps(body).encode()
    http = urllib.request.Request(base_url.rstrip("/") + request["url"], data=data,
                                  headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(http, timeout=600) as reply:
            body = json.loads(reply.read())
            status = reply.status
    except urllib.error.HTTPError as error:
        status, body = error.code, {"error": {"message": error.read().decode(errors="replace")}}
    return {"id": "batch_req_" + request["custom_id"][-8:], "custom_id": request["custom_id"],
            "response": {"status_code": status, "body": body}, "error": None}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    base_url, requests_path, results_path = args
    with open(requests_path) as f:
        llama_cpp = is_llama_cpp(base_url)
        results = [answer(base_url, line, llama_cpp) for line in f if line.strip()]
    if "--shuffle" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
        random.Random(seed).shuffle(results)
    with open(results_path, "w") as f:
        for result in results:
            f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
