#!/usr/bin/env python3
"""Cold-burst / probe client for bench/run.sh (stdlib only).

For every token in TOKENS_FILE it starts PER_TOKEN client threads; all threads wait on one barrier and send
`GET /v1/credentials` at the same moment, like a fleet of SDKs starting together. A client that gets 503 waits
for Retry-After (as every AWS SDK does; --retry-interval overrides it) and tries again, until 200 or --give-up.

Prints one line: `BENCH {json}` with the first-attempt latency distribution, the statuses of first attempts,
how many clients got a 503 first, and how long those took until their 200.

Usage: burst.py URL TOKENS_FILE PER_TOKEN [--give-up SECONDS] [--retry-interval SECONDS] [--no-retry]
"""

import argparse
import http.client
import json
import threading
import time
import urllib.parse


def percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(pct / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def get(host, port, path, token, timeout):
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Authorization": token})
        answer = connection.getresponse()
        answer.read()
        return answer.status, answer.getheader("Retry-After")
    except OSError as ex:
        return "io:" + type(ex).__name__, None
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("tokens")
    parser.add_argument("per_token", type=int)
    parser.add_argument("--give-up", type=float, default=30.0)
    parser.add_argument("--retry-interval", type=float, default=None)
    parser.add_argument("--no-retry", action="store_true")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.url)
    with open(args.tokens) as file:
        tokens = [line.strip() for line in file if line.strip()]
    clients = [token for token in tokens for _ in range(args.per_token)]
    results = [None] * len(clients)
    barrier = threading.Barrier(len(clients) + 1)

    def client(index, token):
        barrier.wait()
        start = time.perf_counter()
        status, retry_after = get(url.hostname, url.port, url.path, token, args.give_up)
        first = {"status": status, "ms": (time.perf_counter() - start) * 1000.0, "attempts": 1}
        while status != 200 and not args.no_retry and time.perf_counter() - start < args.give_up:
            wait = args.retry_interval if args.retry_interval is not None else float(retry_after or 1)
            time.sleep(wait)
            status, retry_after = get(url.hostname, url.port, url.path, token, args.give_up)
            first["attempts"] += 1
        first["final_status"] = status
        first["ms_to_200"] = (time.perf_counter() - start) * 1000.0 if status == 200 else None
        results[index] = first

    threads = [threading.Thread(target=client, args=(i, token), daemon=True) for i, token in enumerate(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = (time.perf_counter() - began) * 1000.0

    first_ms = [r["ms"] for r in results]
    statuses = {}
    for r in results:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    retried = [r for r in results if r["status"] != 200]
    retried_to_200 = [r["ms_to_200"] for r in retried if r["ms_to_200"] is not None]
    summary = {
        "clients": len(results),
        "workloads": len(tokens),
        "first_status": statuses,
        "first_p50_ms": percentile(first_ms, 50),
        "first_p99_ms": percentile(first_ms, 99),
        "first_max_ms": max(first_ms) if first_ms else None,
        "first_non200": len(retried),
        "retried_ok": len(retried_to_200),
        "retried_failed": len(retried) - len(retried_to_200),
        "retry_to_200_p50_ms": percentile(retried_to_200, 50),
        "retry_to_200_max_ms": max(retried_to_200) if retried_to_200 else None,
        "final_non200": sum(1 for r in results if r["final_status"] != 200),
        "wall_ms": wall,
    }
    print("BENCH " + json.dumps(summary))


if __name__ == "__main__":
    main()
