"""Measurements: latency of HTTP requests at a fixed concurrency, wrk against the raw-Bolt
baseline, the naive path query, the naive import and the query plans."""
import asyncio
import json
import re
import subprocess
import tempfile
import time

import logging

import httpx
from neo4j import GraphDatabase, Query
from neo4j.exceptions import Neo4jError

from stack import RAW, ROOT

# The plans and the naive query draw the driver's hints (unknown types in an optional filter).
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def summary(latencies, wall, errors, extra=None):
    ordered = sorted(latencies)
    out = {"n": len(ordered), "errors": errors, "p50": percentile(ordered, 50),
           "p95": percentile(ordered, 95), "p99": percentile(ordered, 99),
           "max": ordered[-1] if ordered else float("nan"),
           "rps": len(ordered) / wall if wall else float("nan")}
    out.update(extra or {})
    return out


async def _requests(url, paths, concurrency):
    """GETs every path (in order, `concurrency` at a time); latency in ms and tag of each."""
    results, errors = [], []
    queue = list(enumerate(paths))
    queue.reverse()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        async def worker():
            while queue:
                i, (tag, path) = queue.pop()
                start = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                    await r.aread()
                except httpx.HTTPError:
                    ok = False
                results.append((i, tag, (time.perf_counter() - start) * 1000))
                if not ok:
                    errors.append(path)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - start
    return results, errors, wall


def latency(url, paths, concurrency):
    """Latency summary of GETting `paths` (a list of (tag, path)); per-tag p95 as `by_tag`, and
    the first request's latency as `first`."""
    results, errors, wall = asyncio.run(_requests(url, paths, concurrency))
    by_tag = {}
    for _, tag, ms in results:
        by_tag.setdefault(tag, []).append(ms)
    first = min(results)[2] if results else float("nan")
    tags = {t: percentile(sorted(v), 95) for t, v in by_tag.items() if t}
    return summary([ms for _, _, ms in results], wall, len(errors),
                   {"first": first, "by_tag": tags, "failed": errors[:3]})


def sequential(url, paths):
    """Latency of each path, one at a time, with how many paths each answer held."""
    latencies, found, errors = [], [], 0
    with httpx.Client(base_url=url, timeout=120) as client:
        start = time.perf_counter()
        for path in paths:
            t = time.perf_counter()
            r = client.get(path)
            latencies.append((time.perf_counter() - t) * 1000)
            if r.status_code == 200:
                found.append(len(r.json()["paths"]))
            else:
                errors += 1
        wall = time.perf_counter() - start
    return summary(latencies, wall, errors, {"with_paths": sum(1 for f in found if f)})


def sequential_get(url, path):
    """Milliseconds one GET took (it must succeed)."""
    t = time.perf_counter()
    r = httpx.get(url + path, timeout=120)
    r.raise_for_status()
    return (time.perf_counter() - t) * 1000


def naive_paths(bolt, pairs, timeout_s):
    """The naive undirected query on the same pairs, one at a time, each bounded by a
    transaction timeout; a timed-out pair counts at the timeout."""
    text = (ROOT / "cypher" / "bench" / "naive_paths.cypher").read_text()
    latencies, timeouts, with_paths = [], 0, 0
    with GraphDatabase.driver(bolt["uri"], auth=(bolt["user"], bolt["password"])) as driver:
        with driver.session() as session:
            start = time.perf_counter()
            for a, b in pairs:
                t = time.perf_counter()
                try:
                    rows = session.run(Query(text, timeout=timeout_s), {"from": a, "to": b}).data()
                    with_paths += 1 if rows else 0
                    latencies.append((time.perf_counter() - t) * 1000)
                except Neo4jError:
                    timeouts += 1
                    latencies.append(max((time.perf_counter() - t) * 1000, timeout_s * 1000))
            wall = time.perf_counter() - start
    return summary(latencies, wall, 0, {"timeouts": timeouts, "with_paths": with_paths,
                                        "timeout_ms": timeout_s * 1000})


# wrk's script: requests go round the paths; at the end one JSON line with wrk's own
# (microsecond) latency histogram read at the percentiles we report.
_WRK_LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"n":%%d,"status":%%d,"failed":%%d,"us":%%d,"p50":%%f,"p95":%%f,"p99":%%f,"max":%%f}\\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def wrk(urls, paths, connections, seconds):
    """wrk against each url at once (the connections split between them) for `seconds`,
    requests going round `paths`; total req/s, the worst percentiles and failed answers."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_LUA % ",".join(json.dumps(p) for p in paths))
    per = max(1, connections // len(urls))
    procs = [subprocess.Popen(["wrk", f"-t{min(2, per)}", f"-c{per}", f"-d{seconds}s",
                               "--timeout", "60s", "-s", script.name, url],
                              stdout=subprocess.PIPE, text=True) for url in urls]
    stats = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    return {"n": sum(s["n"] for s in stats),
            "rps": sum(s["n"] / (s["us"] / 1e6) for s in stats),
            "p50": max(s["p50"] for s in stats), "p95": max(s["p95"] for s in stats),
            "p99": max(s["p99"] for s in stats), "max": max(s["max"] for s in stats),
            "errors": sum(s["status"] + s["failed"] for s in stats)}


def raw_bolt(ids, connections, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(ids))
    out = subprocess.run([str(RAW), f.name, str(connections), str(seconds)], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    r = json.loads(out)
    return {"rps": r["rps"], "p50": r["p50_ms"], "p99": r["p99_ms"], "errors": r["errors"]}


async def _posts(url, key, path, bodies, concurrency):
    headers = {"Authorization": f"Bearer {key}"}
    queue = list(bodies)
    failed = []
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as client:
        async def worker():
            while queue:
                body = queue.pop()
                r = await client.post(path, json=body)
                if r.status_code != 201:
                    failed.append((r.status_code, r.text[:300]))
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - start, failed


def naive_import(url, key, path, bodies, concurrency):
    """One POST per record: the naive way to load a file."""
    seconds, failed = asyncio.run(_posts(url, key, path, bodies, concurrency))
    if failed:
        raise SystemExit(f"bench: naive import refused {len(failed)} records, e.g. {failed[0]}")
    return {"rows": len(bodies), "seconds": seconds, "rps": len(bodies) / seconds}


SCANS = ("AllNodesScan", "NodeByLabelScan", "DirectedRelationshipTypeScan",
         "UndirectedRelationshipTypeScan", "DirectedAllRelationshipsScan",
         "UndirectedAllRelationshipsScan")


def _flatten(plan, depth=0, out=None):
    out = [] if out is None else out
    args = plan.get("args", {})
    out.append({"depth": depth, "op": plan["operatorType"].split("@")[0],
                "details": str(args.get("Details", ""))[:110], "rows": plan.get("rows", 0),
                "db_hits": plan.get("dbHits", 0)})
    for child in plan.get("children", []):
        _flatten(child, depth + 1, out)
    return out


def profile(bolt, cases, timeout_s):
    """PROFILE of each (name, text, params): its operators, total db hits, and any scan."""
    results = []
    with GraphDatabase.driver(bolt["uri"], auth=(bolt["user"], bolt["password"])) as driver:
        with driver.session() as session:
            for name, text, params in cases:
                # A query that gained a parameter since this list was written is named, not run.
                missing = sorted(set(re.findall(r"\$(\w+)", text)) - set(params))
                if missing:
                    results.append({"name": name, "error": "parameters missing from the bench: "
                                    + ", ".join(missing)})
                    continue
                try:
                    session.run(Query(text, timeout=timeout_s), params).consume()  # plan cached
                    t = time.perf_counter()
                    result = session.run(Query("PROFILE " + text, timeout=timeout_s), params)
                    list(result)  # some plans report their profile only once their rows are read
                    summary_ = result.consume()
                    ms = (time.perf_counter() - t) * 1000
                    ops = _flatten(summary_.profile)
                    results.append({"name": name, "ms": ms, "ops": ops,
                                    "db_hits": sum(o["db_hits"] for o in ops),
                                    "scans": sorted({o["op"] for o in ops if o["op"] in SCANS})})
                except Neo4jError as e:
                    results.append({"name": name, "error": f"{e.code}: stopped at the "
                                    f"{timeout_s:.0f} s timeout" if "Timeout" in (e.code or "")
                                    else f"{e.code}"})
    return results
