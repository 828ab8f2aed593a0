#!/usr/bin/env python3
"""Latency benchmark of the read queries on a synthetic graph (make bench).

Loads (once; the bench instance keeps it) N synthetic enterprises named [BENCH], spread over all
chain links and the region's cities, with supplies along each chain's FEEDS order, technology
transfers from synthetic labs, and relocations, through the public API (CSV imports and
segment PUTs). Then it sends a fixed number of requests per endpoint at a fixed concurrency and
writes the latencies to docs/BENCHMARKS.md. Every request goes to 127.0.0.1 only, and every loop
is bounded by a count.

    python bench/run.py --url http://127.0.0.1:PORT --admin-key ca_… [--firms 3000] [--requests 200]
"""
import argparse
import asyncio
import csv as csvlib
import io
import json
import os
import platform
import random
import statistics
import subprocess
import time
from pathlib import Path

import httpx

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
REGIONS = ["110108", "110114", "110115", "110113", "120116", "120111", "120114", "120110",
           "130100", "130200", "130209", "130300", "130400", "130500", "130600", "130700",
           "130900", "131002", "131100", "130629", "130181"]
ROOT = Path(__file__).resolve().parent.parent


def uscc(region, serial):
    body = f"91{region}BN{serial:07d}"
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def csv(rows, header):
    out = io.StringIO()
    writer = csvlib.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[r.get(h, "") for h in header] for r in rows])
    return out.getvalue()


async def load(client, key, n_firms, rng):
    headers = {"Authorization": f"Bearer {key}", "content-type": "text/csv"}
    chains = (await client.get("/api/v1/chains")).json()
    links = []
    for c in chains:
        detail = (await client.get(f"/api/v1/chains/{c['id']}")).json()
        links.extend(detail["links"])
    firms = []
    for i in range(n_firms):
        region = REGIONS[i % len(REGIONS)]
        link = links[i % len(links)]
        firms.append({"uscc": uscc(region, i), "name_zh": f"[BENCH]合成企业{i:05d}",
                      "name_en": f"[BENCH] synthetic firm {i}", "region": region,
                      "scale": rng.choice(["large", "medium", "small", "micro"]),
                      "source": "bench/run.py synthetic data", "link": link})
    body = csv(firms, ["uscc", "name_zh", "name_en", "region", "scale", "source"])
    r = await client.post("/api/v1/imports?kind=enterprises", content=body.encode(), headers=headers, timeout=600)
    r.raise_for_status()
    ids = {row["line"] - 2: row["id"] for row in r.json()["rows"]}
    sem = asyncio.Semaphore(8)

    async def put(i, f):
        async with sem:
            res = await client.put(f"/api/v1/enterprises/{ids[i]}/segments/{f['link']['id']}",
                                   json={"role": "core"}, headers={"Authorization": f"Bearer {key}"})
            res.raise_for_status()
    await asyncio.gather(*(put(i, f) for i, f in enumerate(firms)))

    by_link = {}
    for i, f in enumerate(firms):
        by_link.setdefault(f["link"]["id"], []).append(f["uscc"])
    rels = []
    for link in links:
        for nxt in link["feeds"]:
            for buyer in by_link.get(nxt, []):
                for seller in rng.sample(by_link.get(link["id"], []), k=min(3, len(by_link.get(link["id"], [])))):
                    rels.append({"kind": "supplies", "source_id": seller, "target_id": buyer,
                                 "product": link["name_en"], "valid_from": rng.randint(2015, 2025),
                                 "source": "bench/run.py synthetic data"})
    for f in firms[: n_firms // 10]:
        rels.append({"kind": "relocated_from", "source_id": f["uscc"], "target_id": "110108",
                     "year": rng.randint(2014, 2025), "scope": "production", "source": "bench/run.py synthetic data"})
    header = ["kind", "source_id", "target_id", "product", "year", "scope", "valid_from", "source"]
    r = await client.post("/api/v1/imports?kind=relationships", content=csv(rels, header).encode(),
                          headers=headers, timeout=600)
    if r.status_code != 200:
        raise SystemExit(f"bench: relationship import refused: {r.json().get('errors', [])[:5]}")
    return ids, len(rels)


async def measure(client, path, requests, concurrency):
    latencies, errors = [], 0
    queue = list(range(requests))

    async def worker():
        nonlocal errors
        while queue:
            queue.pop()
            start = time.perf_counter()
            r = await client.get(path)
            latencies.append((time.perf_counter() - start) * 1000)
            if r.status_code != 200:
                errors += 1
    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - start
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]
    return {"path": path, "requests": requests, "errors": errors, "p50": pct(50), "p95": pct(95),
            "p99": pct(99), "mean": statistics.mean(latencies), "rps": requests / wall}


async def main():
    args = argparse.ArgumentParser()
    args.add_argument("--url", required=True)
    args.add_argument("--admin-key", required=True)
    args.add_argument("--firms", type=int, default=3000)
    args.add_argument("--requests", type=int, default=200)
    args.add_argument("--concurrency", type=int, default=8)
    opts = args.parse_args()
    rng = random.Random(7)
    async with httpx.AsyncClient(base_url=opts.url, timeout=60) as client:
        # Loading is idempotent: a second run finds every row unchanged.
        t0 = time.perf_counter()
        ids, n_rels = await load(client, opts.admin_key, opts.firms, rng)
        loaded = (len(ids), n_rels, time.perf_counter() - t0)
        print(f"bench: {loaded[0]} firms, {loaded[1]} relationships in place after {loaded[2]:.0f}s")
        sample = (await client.get("/api/v1/search?q=BENCH&limit=2")).json()["items"]
        firm = sample[0]["id"]
        first_link_firms = (await client.get("/api/v1/enterprises?link=robotics.reducers&q=BENCH&limit=1")).json()["items"]
        upstream = first_link_firms[0]["id"] if first_link_firms else firm
        downstream = (await client.get("/api/v1/enterprises?link=robotics.applications&q=BENCH&limit=1")).json()["items"][0]["id"]
        endpoints = [
            "/api/v1/chains",
            "/api/v1/chains/robotics",
            "/api/v1/chains/robotics/map?by=city",
            "/api/v1/chains/robotics/lists",
            f"/api/v1/paths?from={upstream}&to={downstream}&max_hops=4",
            f"/api/v1/enterprises/{upstream}/impact?depth=3",
            "/api/v1/flows?from_region=110000&to_region=130000",
            "/api/v1/search?q=%E5%90%88%E6%88%90%E4%BC%81%E4%B8%9A",
            "/api/v1/enterprises?region=130000&chain=robotics&limit=50",
            "/api/v1/relocations?from=110000&to=130000",
        ]
        for path in endpoints:  # warm-up: plans cached, pages in memory
            await client.get(path)
        results = [await measure(client, p, opts.requests, opts.concurrency) for p in endpoints]
    write_report(results, opts, loaded)


def write_report(results, opts, loaded):
    cpu = platform.processor() or platform.machine()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines = [
        "# Benchmarks", "",
        "`make bench` starts a separate Neo4j instance (`config/bench.toml`: 512 MiB heap, 512 MiB page",
        "cache), loads a synthetic graph through the public API once, then sends a fixed number of GET",
        "requests per endpoint at a fixed concurrency from one client process on the same machine and",
        "records the latency each took. The service is a release build. Client, service and Neo4j",
        "share the machine's two cores, so these are end-to-end numbers for this box, to compare runs",
        "with each other, not capacity figures.", "",
        f"- commit `{commit}`, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {cpu}",
        f"- data: {opts.firms} synthetic [BENCH] enterprises over all 39 links and 21 districts/cities,"
        " supplies from up to 3 firms of each feeding link, 10% relocated, plus the seeds",
        f"- {opts.requests} requests per endpoint, concurrency {opts.concurrency}",
    ]
    lines.append(f"- loading {loaded[0]} firms and {loaded[1]} relationships took {loaded[2]:.0f} s"
                 " (two CSV imports and one segment PUT per firm; on a re-run every row is unchanged)")
    lines += ["", "| endpoint | p50 ms | p95 ms | p99 ms | mean ms | req/s | errors |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| `{r['path']}` | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                     f"{r['mean']:.1f} | {r['rps']:.0f} | {r['errors']} |")
    # Hand-written notes below this heading survive re-runs.
    report = ROOT / "docs" / "BENCHMARKS.md"
    marker = "## Measured changes"
    previous = report.read_text() if report.exists() else ""
    kept = previous[previous.index(marker):] if marker in previous else f"{marker}\n"
    report.write_text("\n".join(lines) + "\n\n" + kept)
    print("\n".join(lines[-len(results) - 2:]))


if __name__ == "__main__":
    asyncio.run(main())
