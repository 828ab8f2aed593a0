#!/usr/bin/env python3
"""make bench: ChainAtlas at the region's size, against the naive way and raw Neo4j.

For each size (default 10,000 and 100,000 enterprises), on the bench Neo4j instance:
  1. `chain-atlas synth` writes the synthetic dataset; the database is reset, the reference data
     seeded, and the four files loaded with `chain-atlas import` (rows/s and peak RSS per file);
  2. Neo4j and the service are restarted, and every read endpoint is measured cold (its first
     requests), then warm with wrk for `--seconds` at `--concurrency`, `--runs` times (medians of
     p50/p95/p99 and req/s), and per chain one request at a time;
  3. paths over 200 Beijing-R&D -> Hebei-firm pairs, one at a time, against the naive undirected
     query on the same pairs;
  4. GET /api/v1/enterprises/{id} under wrk at 32 connections against the same Cypher through
     neo4rs (examples/raw_bolt.rs), and two service instances sharing the database;
  5. one POST per record (the naive import) on a sample, against the CLI import's rate;
  6. at the largest size, reconciliation (bench/reconcile.py): the labelled set and search among
     the synthetic firms, and a 1,000-row list;
  7. the query plans (PROFILE) of the hot queries.
The report is docs/BENCHMARKS.md; the raw numbers target/bench-results.json. Every request goes
to 127.0.0.1 and every loop is bounded.

    bench/run.sh [--sizes 10000,100000] [--runs 3] [--seconds 10] [--concurrency 8]
"""
import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

import httpx

import alerts
import live
import reconcile
import measure
import report
import sample
from stack import BIN, ROOT, Service, cli, data_dir_bytes, neo4j, restart_neo4j

FILES = [("enterprises", "enterprises.csv"), ("rd_sources", "rd_sources.csv"),
         ("memberships", "memberships.csv"), ("relationships", "relationships.csv")]
OVERHEAD_SECONDS = 20


def bolt():
    return {"uri": f"bolt://127.0.0.1:{os.environ['NEO4J_BOLT_PORT']}", "user": "neo4j",
            "password": os.environ["NEO4J_PASSWORD"]}


def load(size):
    data = ROOT / "target" / "bench-data" / str(size)
    _, synth_s, _ = cli("synth", "--enterprises", size, "--rd-sources", max(size // 20, 50),
                        "--seed", 42, "--out", data)
    cli("reset")
    cli("seed", "--reference-only")
    files = []
    for kind, name in FILES:
        out, seconds, peak = cli("import", "--kind", kind, data / name)
        rows = int(out.strip().splitlines()[-1].split()[0])
        files.append({"kind": kind, "rows": rows, "seconds": seconds, "rps": rows / seconds,
                      "peak_rss_kib": peak, "summary": out.strip().splitlines()[-2]})
        print(f"bench: {size}: {kind}: {rows} rows in {seconds:.0f} s", flush=True)
    return data, {"synth_seconds": synth_s, "files": files,
                  "total_seconds": sum(f["seconds"] for f in files)}


def chains_and_links(url):
    chains = [c["id"] for c in httpx.get(f"{url}/api/v1/chains").json()]
    names = []
    for c in chains:
        for link in httpx.get(f"{url}/api/v1/chains/{c}").json()["links"]:
            names.append(link["name_zh"])
    return chains, names


def median_of(runs):
    out = {k: statistics.median(r[k] for r in runs) for k in ("p50", "p95", "p99", "rps", "max")}
    out["errors"] = sum(r["errors"] for r in runs)
    out["n"] = sum(r["n"] for r in runs)
    return out


def reads(url, groups, opts):
    """Cold: the first requests of each endpoint after the restart (Python client). Warm: wrk
    for --seconds per endpoint, --runs times. Per chain: one request at a time."""
    cold = {}
    for name, paths in groups:
        cold[name] = measure.latency(url, paths[: opts.cold_requests], opts.concurrency)
        print(f"bench:   cold {name}: p95 {cold[name]['p95']:.0f} ms", flush=True)
    warm_runs = {name: [] for name, _ in groups}
    for run in range(opts.runs):
        for name, paths in groups:
            warm_runs[name].append(measure.wrk([url], [p for _, p in paths], opts.concurrency,
                                               opts.seconds))
        print(f"bench:   warm run {run + 1} done", flush=True)
    warm = {name: median_of(runs) for name, runs in warm_runs.items()}
    per_chain = {}
    for name, paths in groups:
        tagged = [(t, p) for t, p in paths if t][: 6 * opts.per_chain]
        if tagged:
            per_chain[name] = measure.latency(url, tagged, 1)["by_tag"]
    return cold, warm, per_chain


def paths_vs_naive(url, pairs, opts):
    api_paths = [f"/api/v1/paths?from={a}&to={b}&k=5&max_hops=4" for a, b in pairs]
    runs = [measure.sequential(url, api_paths) for _ in range(opts.runs)]
    api = {k: statistics.median(r[k] for r in runs) for k in ("p50", "p95", "p99", "rps")}
    api.update(errors=sum(r["errors"] for r in runs), with_paths=runs[0]["with_paths"])
    naive = measure.naive_paths(bolt(), pairs, opts.naive_timeout)
    return {"api": api, "naive": naive, "pairs": len(pairs)}


def overhead(url, ids, opts):
    gets = [f"/api/v1/enterprises/{i}" for i in ids]
    api, raw = [], []
    for _ in range(opts.runs):
        api.append(measure.wrk([url], gets, 32, OVERHEAD_SECONDS))
        raw.append(measure.raw_bolt(ids, 32, OVERHEAD_SECONDS))
    second = Service("second")
    try:
        measure.wrk([second.url], gets, 8, 3)  # its pool and plans, as the first one's are
        pair = measure.wrk([url, second.url], gets, 32, OVERHEAD_SECONDS)
        pair["second_peak_rss_kib"] = second.peak_rss_kib()
    finally:
        second.stop()
    med = lambda rs: {k: statistics.median(r[k] for r in rs) for k in ("rps", "p50", "p99")} | {
        "errors": sum(r["errors"] for r in rs)}
    return {"api": med(api), "raw": med(raw), "two_instances": pair,
            "seconds": OVERHEAD_SECONDS}


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(region, serial):
    body = f"91{region}NB{serial:07d}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def naive_import(url, key, data, loaded, opts, rng):
    n = opts.naive_rows
    firms = [{"uscc": uscc("130200", i), "name_zh": f"【合成】逐条导入企业{i:06d}",
              "name_en": f"[SYNTH] one-POST-per-row firm {i}", "region": "130200",
              "scale": "small", "source": "synthetic: make bench, naive import sample"}
             for i in range(n)]
    ids = [f for f, _, _ in rng.sample(data["firms"], 2 * n)]
    rels = [{"kind": "supplies", "source_id": ids[2 * i], "target_id": ids[2 * i + 1],
             "product": f"naive bench part {i}",
             "source": "synthetic: make bench, naive import sample"} for i in range(n)]
    out = {}
    for kind, path, bodies in (("enterprises", "/api/v1/enterprises", firms),
                               ("relationships", "/api/v1/relationships", rels)):
        naive = measure.naive_import(url, key, path, bodies, opts.concurrency)
        batched = next(f for f in loaded["files"] if f["kind"] == kind)
        out[kind] = {"naive": naive, "batched_rps": batched["rps"],
                     "ratio": batched["rps"] / naive["rps"]}
    return out


def writes_and_restarts(key, data, chains, opts, rng):
    """The first reads of a service started just after the reads-under-writes phases, which
    serves the answers its predecessor kept in the database; and what the version tracking costs
    a write: the same writes alone, against a service that moves only the versions a write can
    change and against one that moves them all (`answers.scoped_versions = false`)."""
    out = {}
    s = Service("restarted")
    try:
        out["cold_after_restart"] = live.cold(s.url, chains, opts.live_readers)
    finally:
        s.stop()
    print(f"bench:   first reads after a restart: p95 {out['cold_after_restart']['p95']:.0f} ms",
          flush=True)
    # The first writes after a restart are slower whatever the service does (Neo4j's caches,
    # the restarted service's own start): a warm-up round is not counted, and the two kinds
    # take turns, twice each, so neither is measured only first.
    # `unnumbered`: scoped, but the changes take no place in the change feed (what the feed's
    # place costs a write).
    runs = {"scoped": [], "unscoped": [], "unnumbered": []}
    for name, scoped in (("warm-up", "true"), ("scoped", "true"), ("unscoped", "false"),
                         ("unnumbered", "true"), ("unnumbered", "true"), ("unscoped", "false"),
                         ("scoped", "true")):
        env = {"CHAIN_ATLAS__ANSWERS__SCOPED_VERSIONS": scoped,
               "CHAIN_ATLAS__FEED__NUMBERED": "false" if name == "unnumbered" else "true"}
        s = Service(f"writes-{name}", env)
        try:
            seconds = opts.write_seconds // 2
            run = live.write_cost(s.url, key, data, chains, data["links"], opts.write_rate,
                                  seconds, rng)
        finally:
            s.stop()
        if name in runs:
            runs[name].append(run)
        print(f"bench:   writes alone ({name}): p95 {run['p95']:.0f} ms", flush=True)
    for name, kind in runs.items():
        out[f"writes_{name}"] = live.pooled(kind)
    return out


def feed_read(url, pages):
    """The change feed read from its start, a page of 1,000 at a time, as a mirror catching up
    does: changes per second."""
    after, n, started = None, 0, time.perf_counter()
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(pages):
            params = {"limit": 1000} | ({"after": after} if after else {})
            page = client.get("/api/v1/changes", params=params).json()
            if not page["changes"]:
                break
            n += len(page["changes"])
            after = page["next"]
    seconds = time.perf_counter() - started
    return {"changes": n, "seconds": seconds, "per_second": n / seconds if seconds else 0}


def profiles(samples, pairs, chains):
    firm = samples["impact_firm"]
    a, b = pairs[0]
    read = lambda f: (ROOT / "cypher" / f).read_text()
    all_types = ["TRANSFERS_TECHNOLOGY", "SUPPLIES", "INCUBATES", "INVESTS_IN", "BRANCH_OF"]
    # As src/organisations/store/list.rs assembles it.
    list_from = lambda start, order: read("organisations/list.cypher").replace(
        "__START__", read(f"organisations/list_from/{start}.cypher")).replace(
        "__LABEL__", "Enterprise").replace("__ORDER__", order)
    list_params = {"start": None, "kind": "enterprise", "after": None, "after_id": "",
                   "verified": None, "synthetic": None, "tag": None, "region": None,
                   "chain": None, "link": None, "cluster": None, "text": None, "limit": 51}
    cases = [
        ("get (enterprise by id)", read("organisations/get.cypher"),
         {"ids": [samples["id"]], "kind": "enterprise"}),
        ("list (province + chain filter: the id index in order)", list_from("id_order", "o.id"),
         list_params | {"region": "130000", "chain": chains[0]}),
        ("list (link filter: from the link)", list_from("link", "m.segment_id, m.org_id"),
         list_params | {"start": samples["link"]}),
        ("search (a link's name)", read("queries/search.cypher"),
         {"lucene": f'+"{samples["link_name"]}"', "window": {"limit": 21}, "topic_limit": 10,
          "kind": None, "verified": None, "synthetic": None, "offset": 0, "limit": 21}),
        ("paths (k=5, ≤4 hops)", read("queries/paths.cypher").replace("__MAX_HOPS__", "4"),
         {"from": a, "to": b, "k": 5, "types": all_types, "synthetic": None}),
        ("impact, one breadth-first step", read("queries/impact_frontier.cypher"),
         {"ids": [firm], "visited": [firm], "room": 501}),
        ("impact before (6a1dc5d, depth 4)", read("bench/impact_before.cypher"),
         {"id": firm, "limit": 500}),
        ("chain graph: members (map and lists, once per chain version)",
         read("queries/chain_graph/members.cypher"),
         {"chain": chains[0], "supplies": "SUPPLIES",
          "types": ["TRANSFERS_TECHNOLOGY", "INVESTS_IN", "COOPERATES_WITH", "INCUBATES",
                    "BRANCH_OF"]}),
        ("flows", read("queries/flows.cypher"), {"from": "110000", "to": "130000",
                                                 "verified": None, "as_of": None,
                                                 "synthetic": None}),
        ("relocations", read("queries/relocations.cypher"),
         {"chain": chains[0], "from": "110000", "to": "130000", "limit": 100,
          "synthetic": None}),
        ("data versions (the poller's read)", read("queries/data_version.cypher"),
         {"scopes": [f"chain:{c}" for c in chains] + ["flows"]}),
        ("naive paths", read("bench/naive_paths.cypher"), {"from": a, "to": b}),
    ]
    return measure.profile(bolt(), cases, 30)


def one_size(size, opts):
    rng = random.Random(size)
    data_dir, loaded = load(size)
    data = sample.read(data_dir)
    key, _, _ = cli("keys", "create", "--role", "admin", "--name", "bench")
    key = key.strip()
    restart_neo4j()
    service = Service("service")
    try:
        chains, link_names = chains_and_links(service.url)
        groups, pairs, ids, suppliers = sample.requests(data, chains, link_names, opts.requests,
                                                        rng)
        print(f"bench: {size}: reads", flush=True)
        cold, warm, per_chain = reads(service.url, groups, opts)
        print(f"bench: {size}: paths against the naive query", flush=True)
        paths = paths_vs_naive(service.url, pairs, opts)
        print(f"bench: {size}: API overhead", flush=True)
        over = overhead(service.url, ids, opts)
        print(f"bench: {size}: naive import", flush=True)
        hub = data["suppliers"].most_common(1)[0]
        hub_impact = [measure.sequential_get(service.url, f"/api/v1/enterprises/{hub[0]}/impact?depth=4")
                      for _ in range(3)]
        naive = naive_import(service.url, key, data, loaded, opts, rng)
        under_writes = None
        if size == max(int(s) for s in opts.sizes.split(",")):
            print(f"bench: {size}: reads under writes", flush=True)
            under_writes = live.run(service.url, key, bolt(), data, chains, data["links"], opts,
                                    rng)
        rss = service.peak_rss_kib()
        reconciled = feed = alerted = None
        if size == max(int(s) for s in opts.sizes.split(",")):
            print(f"bench: {size}: reconciliation", flush=True)
            reconciled = reconcile.run(service.url, cli, data["firms"], rng)
            print(f"bench: {size}: the change feed", flush=True)
            feed = feed_read(service.url, 100)
            print(f"bench: {size}: alert latency", flush=True)
            try:
                alerted = alerts.run(service.url, key, hub[0])
            except (SystemExit, Exception) as e:  # the rest of the run is kept
                alerted = {"error": str(e)}
                print(f"bench: alert latency failed: {e}", flush=True)
    finally:
        service.stop()
    if under_writes:
        under_writes["service_peak_rss_kib"] = rss
        under_writes.update(writes_and_restarts(key, data, chains, opts, rng))
    print(f"bench: {size}: plans", flush=True)
    plans = profiles({"id": ids[0], "impact_firm": hub[0], "link_name": link_names[0],
                      "link": data["links"][0]}, pairs, chains)
    counts = {f["kind"]: f["rows"] for f in loaded["files"]}
    return {"size": size, "counts": counts, "load": loaded, "cold": cold, "warm": warm, "per_chain": per_chain,
            "under_writes": under_writes, "reconcile": reconciled, "feed": feed, "alerts": alerted,
            "paths": paths, "overhead": over,
            "hub": {"id": hub[0], "customers": hub[1], "impact_ms": statistics.median(hub_impact)}, "naive_import": naive, "service_peak_rss_kib": rss,
            "store_bytes": data_dir_bytes(), "plans": plans}


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--sizes", default="10000,100000")
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--requests", type=int, default=240,
                      help="distinct requests per endpoint (wrk goes round them)")
    args.add_argument("--seconds", type=int, default=10, help="wrk's time per endpoint and run")
    args.add_argument("--cold-requests", type=int, default=48)
    args.add_argument("--per-chain", type=int, default=12)
    args.add_argument("--concurrency", type=int, default=8)
    args.add_argument("--naive-rows", type=int, default=500)
    args.add_argument("--naive-timeout", type=float, default=2.0)
    args.add_argument("--live-rates", default="1,10", help="write rates of the reads-under-writes "
                      "phases (writes/s)")
    args.add_argument("--live-seconds", type=int, default=60)
    args.add_argument("--live-readers", type=int, default=4)
    args.add_argument("--write-rate", type=float, default=5.0,
                      help="writes/s of the write-cost phases")
    args.add_argument("--write-seconds", type=int, default=40)
    opts = args.parse_args()
    neo4j("start")
    started = time.time()
    results = [one_size(int(s), opts) for s in opts.sizes.split(",")]
    out = {"opts": vars(opts), "started": started, "finished": time.time(),
           "environment": report.environment(bolt()), "sizes": results}
    (ROOT / "target" / "bench-results.json").write_text(json.dumps(out, indent=1))
    report.write(out, ROOT / "docs" / "BENCHMARKS.md")
    print(f"bench: done in {(time.time() - started) / 60:.0f} min; docs/BENCHMARKS.md written")


if __name__ == "__main__":
    main()
