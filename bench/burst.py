#!/usr/bin/env python3
"""Cold-burst / probe client for bench/run.sh (stdlib only).

For every token in TOKENS_FILE it starts PER_TOKEN clients (asyncio, one connection each, so the client's own
thread scheduling does not add to the latencies); all wait at one gate and send `GET /v1/credentials` at the same
moment, like a fleet of SDKs starting together. A client that gets 503 waits
for Retry-After (as every AWS SDK does; --retry-interval overrides it) and tries again, until 200 or --give-up.

Prints one line: `BENCH {json}` with the first-attempt latency distribution, the statuses of first attempts,
how many clients got a 503 first, and how long those took until their 200.

With --engine PATH the clients run in bench/burst.c (compiled by bench/run.sh), one thread with epoll: the same
protocol, at a fraction of the CPU, which matters on a two-core machine that the broker and STS share. Without it
the asyncio clients below run them (about 175 ms of the client's own CPU for 1000 connections, counted in every
latency).

Usage: burst.py URL TOKENS_FILE PER_TOKEN [--give-up SECONDS] [--retry-interval SECONDS] [--no-retry]
                [--engine PATH]
"""

import argparse
import asyncio
import json
import subprocess
import time
import urllib.parse

# Client-side failures of the C engine, by the negative status it prints.
ENGINE_FAILURES = {-1: "io:connect", -2: "io:write", -3: "io:read", -4: "io:unparseable", -5: "io:timeout"}


def percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(pct / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


async def get(host, port, path, token, timeout):
    """One HTTP/1.1 request on its own connection; returns (status, Retry-After)."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {token}\r\n"
                         f"Connection: close\r\n\r\n".encode())
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), timeout)
        finally:
            writer.close()
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        retry_after = next((line.split(":", 1)[1].strip() for line in head[1:]
                            if line.lower().startswith("retry-after:")), None)
        return status, retry_after
    except (OSError, asyncio.TimeoutError, IndexError, ValueError) as ex:
        return "io:" + type(ex).__name__, None


async def client(url, token, args, start_gate):
    await start_gate.wait()
    start = time.perf_counter()
    status, retry_after = await get(url.hostname, url.port, url.path, token, args.give_up)
    first = {"status": status, "ms": (time.perf_counter() - start) * 1000.0, "attempts": 1}
    while status != 200 and not args.no_retry and time.perf_counter() - start < args.give_up:
        wait = args.retry_interval if args.retry_interval is not None else float(retry_after or 1)
        await asyncio.sleep(wait)
        status, retry_after = await get(url.hostname, url.port, url.path, token, args.give_up)
        first["attempts"] += 1
    first["final_status"] = status
    first["ms_to_200"] = (time.perf_counter() - start) * 1000.0 if status == 200 else None
    return first


async def burst(args):
    url = urllib.parse.urlsplit(args.url)
    with open(args.tokens) as file:
        tokens = [line.strip() for line in file if line.strip()]
    start_gate = asyncio.Event()
    tasks = [asyncio.create_task(client(url, token, args, start_gate))
             for token in tokens for _ in range(args.per_token)]
    await asyncio.sleep(0.2)  # every client is parked at the gate
    began = time.perf_counter()
    start_gate.set()
    results = await asyncio.gather(*tasks)
    return tokens, results, (time.perf_counter() - began) * 1000.0


def run_engine(args):
    """The clients in the C engine; its output turned into the same records as the asyncio clients'."""
    url = urllib.parse.urlsplit(args.url)
    with open(args.tokens) as file:
        tokens = [line.strip() for line in file if line.strip()]
    retry_interval = args.retry_interval if args.retry_interval is not None else -1
    out = subprocess.run([args.engine, url.hostname, str(url.port), url.path, args.tokens, str(args.per_token),
                          str(args.give_up), str(retry_interval), "1" if args.no_retry else "0"],
                         check=True, capture_output=True, text=True).stdout
    results, wall = [], None
    for line in out.splitlines():
        fields = line.split()
        if fields[0] == "WALL":
            wall = float(fields[1])
            continue
        first, first_ms, attempts, final, ms_to_200 = int(fields[1]), float(fields[2]), int(fields[3]), \
            int(fields[4]), float(fields[5])
        results.append({"status": ENGINE_FAILURES.get(first, first), "ms": first_ms, "attempts": attempts,
                        "final_status": ENGINE_FAILURES.get(final, final),
                        "ms_to_200": ms_to_200 if ms_to_200 >= 0 else None})
    return tokens, results, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("tokens")
    parser.add_argument("per_token", type=int)
    parser.add_argument("--give-up", type=float, default=30.0)
    parser.add_argument("--retry-interval", type=float, default=None)
    parser.add_argument("--no-retry", action="store_true")
    parser.add_argument("--engine", default=None, help="the compiled bench/burst.c")
    args = parser.parse_args()
    tokens, results, wall = run_engine(args) if args.engine else asyncio.run(burst(args))

    first_ms = [r["ms"] for r in results]
    statuses = {}
    for r in results:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    retried = [r for r in results if r["status"] != 200]
    retried_to_200 = [r["ms_to_200"] for r in retried if r["ms_to_200"] is not None]
    summary = {
        "engine": "c" if args.engine else "asyncio",
        "clients": len(results),
        "workloads": len(tokens),
        "first_status": statuses,
        "first_p50_ms": percentile(first_ms, 50),
        "first_p99_ms": percentile(first_ms, 99),
        "first_max_ms": max(first_ms) if first_ms else None,
        "first_non200": len(retried),
        "first_non200_max_ms": max((r["ms"] for r in retried), default=None),
        "first_200_max_ms": max((r["ms"] for r in results if r["status"] == 200), default=None),
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
