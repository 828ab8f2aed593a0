"""Reads under writes (issue 18): readers going round the chain map and the three lists of every
chain for four target regions while a writer changes the graph at a fixed rate, one phase per
rate, each beside the no-write phase of the same run.

Readers: `readers` threads, each sending GETs back to back (no think time) over the 48 URLs
(6 chains x 4 targets x map and lists), every answer checked (200, JSON) and its data version
kept. Writer: `rate` writes a second spread over the chains, each one of: a firm's English name
edited (PATCH), a new supply between two firms of the chain, a firm joining another link of
its chain, a new firm registered in a link (named 【合成】: the bench graph is all synthetic).
Staleness: a sampler reads the scopes' versions (with the database-clock times of their last
moves) every 250 ms; an answer at version n served at t is behind by t - (time of move n+1),
when that move happened before t. Every loop is bounded by the phase's seconds."""
import random
import re
import threading
import time

import httpx
from neo4j import GraphDatabase

TARGETS = ["130000", "120000", "110000", "130200"]


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class Sampler(threading.Thread):
    """When every move of every scope's version was made (database clock, ms), from the
    (:DataMove) nodes the writes leave."""

    def __init__(self, bolt):
        super().__init__(daemon=True)
        self.driver = GraphDatabase.driver(bolt["uri"], auth=(bolt["user"], bolt["password"]))
        self.moves = {}  # scope -> {n: ms}
        self.stop = threading.Event()

    def run(self):
        since = int(time.time() * 1000) - 600_000
        with self.driver.session() as session:
            while not self.stop.is_set():
                rows = session.run(
                    "MATCH (m:DataMove) WHERE m.at >= datetime({epochMillis: $since}) "
                    "RETURN m.scope AS scope, m.n AS n, m.at.epochMillis AS ms",
                    since=since).data()
                for r in rows:
                    self.moves.setdefault(r["scope"], {}).setdefault(r["n"], r["ms"])
                    since = max(since, r["ms"] - 5_000)
                time.sleep(0.25)
        self.driver.close()

    def behind_ms(self, scope, n, served_ms):
        """How long the answer at version n had been behind when served (0 if current)."""
        moved = self.moves.get(scope, {}).get(n + 1)
        return max(0.0, served_ms - moved) if moved is not None and moved < served_ms else 0.0


# An answer's data version is its first field: read from the start of the body, the load
# generator leaves the machine's CPU to the service (parsing every 100 KB answer would not).
VERSION = re.compile(rb'^\{"data_version":"([^"]*)"')


def reader(url, paths, until, out, rng):
    with httpx.Client(base_url=url, timeout=60) as client:
        while time.time() < until:
            chain, path = rng.choice(paths)
            start = time.perf_counter()
            try:
                r = client.get(path)
                found = VERSION.match(r.content[:80]) if r.status_code == 200 else None
                ok, version = found is not None, found and found.group(1).decode()
            except httpx.HTTPError:
                ok, version = False, None
            ms = (time.perf_counter() - start) * 1000
            out.append((time.time() * 1000, ms, ok, chain, version))


def uscc(region, serial):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = f"91{region}LW{serial % 10**7:07d}"
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights))
    return body + alphabet[(31 - total % 31) % 31]


class Writer:
    def __init__(self, url, key, firms_by_chain, links_by_chain, rng, serial):
        self.client = httpx.Client(base_url=url, timeout=60,
                                   headers={"Authorization": f"Bearer {key}"})
        self.firms, self.links, self.rng = firms_by_chain, links_by_chain, rng
        self.serial = serial
        self.chains = sorted(firms_by_chain)

    def one(self, n):
        chain = self.chains[n % len(self.chains)]
        firm = self.rng.choice(self.firms[chain])
        kind = self.rng.choices(["edit", "supply", "membership", "register"], [4, 3, 2, 1])[0]
        if kind == "edit":
            r = self.client.patch(f"/api/v1/enterprises/{firm}",
                                  json={"name_en": f"[SYNTH] edited under load {n}"})
        elif kind == "supply":
            customer = self.rng.choice(self.firms[chain])
            r = self.client.post("/api/v1/relationships", json={
                "kind": "supplies", "source_id": firm, "target_id": customer,
                "product": f"bench part {n}", "source": "synthetic: make bench, live writes"})
        elif kind == "membership":
            link = self.rng.choice(self.links[chain])
            r = self.client.put(f"/api/v1/enterprises/{firm}/segments/{link}",
                                json={"role": "core"})
        else:
            self.serial += 1
            r = self.client.post("/api/v1/enterprises", json={
                "uscc": uscc("130200", self.serial), "region": "130200", "scale": "small",
                "name_zh": f"【合成】压测新注册企业{self.serial:07d}",
                "name_en": f"[SYNTH] registered under load {self.serial}",
                "source": "synthetic: make bench, live writes"})
            if r.status_code == 201:
                link = self.rng.choice(self.links[chain])
                r = self.client.put(f"/api/v1/enterprises/{r.json()['id']}/segments/{link}",
                                    json={"role": "core"})
        return kind, r.status_code


def writer(w, rate, until, out, turns):
    """Takes the next write's turn (`turns`: due times at `rate`) and makes it, so several of
    these hold the rate however long one write takes."""
    while True:
        with turns["lock"]:
            n = turns["next"]
            turns["next"] += 1
        due = turns["started"] + n / rate
        if due >= until:
            return
        if due > time.time():
            time.sleep(due - time.time())
        start = time.perf_counter()
        try:
            kind, status = w.one(n)
        except httpx.HTTPError:
            kind, status = "error", 0
        out.append((kind, status, (time.perf_counter() - start) * 1000))


def phase(url, key, paths, data, rate, seconds, readers, sampler, rng):
    until = time.time() + seconds
    reads, writes = [], []
    threads = [threading.Thread(target=reader, args=(url, paths, until, reads,
                                                     random.Random(rng.random())))
               for _ in range(readers)]
    writers = []
    if rate:
        turns = {"lock": threading.Lock(), "next": 0, "started": time.time()}
        for i in range(4):
            w = Writer(url, key, data["firms_by_chain"], data["links_by_chain"],
                       random.Random(rng.random()), data["serial"] + i * 100_000)
            writers.append(w)
            threads.append(threading.Thread(target=writer, args=(w, rate, until, writes, turns)))
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    wall = time.time() - started
    if writers:
        data["serial"] = max(w.serial for w in writers) + 1
    time.sleep(0.6)  # the sampler catches the last moves
    latencies = [ms for _, ms, ok, _, _ in reads if ok]
    behind = []
    for served, _, ok, chain, version in reads:
        if ok and version and version != "0":
            n = int(version.rsplit("-", 1)[1])
            behind.append(sampler.behind_ms(f"chain:{chain}", n, served))
    write_ms = [ms for _, status, ms in writes if status in (200, 201)]
    return {
        "rate": rate, "seconds": wall, "reads": len(latencies),
        "errors": sum(1 for r in reads if not r[2]),
        "rps": len(latencies) / wall if wall else float("nan"),
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99), "max": max(latencies, default=float("nan")),
        "behind_max_ms": max(behind, default=0.0), "behind_p99_ms": percentile(behind, 99),
        "stale_share": sum(1 for b in behind if b > 0) / len(behind) if behind else 0.0,
        "writes": len(writes), "write_errors": sum(1 for _, s, _ in writes if s not in (200, 201)),
        "write_p50": percentile(write_ms, 50), "write_p95": percentile(write_ms, 95),
        "write_kinds": {k: sum(1 for x, _, _ in writes if x == k)
                        for k in ("edit", "supply", "membership", "register")},
        "write_failures": sorted({f"{k} {s}" for k, s, _ in writes if s not in (200, 201)}),
    }


def write_cost(url, key, data, chains, link_ids, rate, seconds, rng):
    """The writes alone (no readers), at `rate` for `seconds`: their latency."""
    live = prepare(data, chains, link_ids)
    until = time.time() + seconds
    writes = []
    turns = {"lock": threading.Lock(), "next": 0, "started": time.time()}
    w = Writer(url, key, live["firms_by_chain"], live["links_by_chain"], random.Random(rng.random()),
               live["serial"])
    writer(w, rate, until, writes, turns)
    ok = [ms for _, status, ms in writes if status in (200, 201)]
    return {"writes": len(writes), "errors": len(writes) - len(ok), "p50": percentile(ok, 50),
            "p95": percentile(ok, 95), "rate": rate, "seconds": seconds, "ms": ok}


def pooled(runs):
    """Several write_cost runs of one kind as one: their latencies together."""
    ms = [m for r in runs for m in r["ms"]]
    return {"writes": sum(r["writes"] for r in runs), "errors": sum(r["errors"] for r in runs),
            "p50": percentile(ms, 50), "p95": percentile(ms, 95), "rate": runs[0]["rate"],
            "seconds": sum(r["seconds"] for r in runs), "runs": len(runs)}


def cold(url, chains, readers):
    """Every map and lists URL once (`readers` at a time) from a service just started: how long
    the first readers after a restart wait."""
    paths = [p for _, p in urls(chains)]
    out = []
    lock = threading.Lock()

    def one():
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                with lock:
                    if not paths:
                        return
                    path = paths.pop()
                start = time.perf_counter()
                ok = client.get(path).status_code == 200
                out.append(((time.perf_counter() - start) * 1000, ok))

    threads = [threading.Thread(target=one) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    ms = [m for m, _ in out]
    return {"n": len(out), "errors": sum(1 for _, ok in out if not ok),
            "p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms, default=0)}


def urls(chains):
    return [(c, f"/api/v1/chains/{c}/{what}?region={t}")
            for c in chains for t in TARGETS for what in ("map", "lists")]


def prepare(data, chains, link_ids):
    firms_by_chain = {c: [] for c in chains}
    for firm, _, _ in data["firms"]:
        for c in data["chains_of"].get(firm, ()):
            if c in firms_by_chain:
                firms_by_chain[c].append(firm)
    return {"firms_by_chain": firms_by_chain,
            "links_by_chain": {c: [s for s in link_ids if s.startswith(c + ".")] for c in chains},
            # Registrations of earlier runs hold their USCCs: start past them.
            "serial": int(time.time() * 10) % 10**7}


def run(url, key, bolt, data, chains, link_ids, opts, rng):
    """The no-write phase, then one phase per write rate (`opts.live_rates`)."""
    paths = urls(chains)
    live = prepare(data, chains, link_ids)
    # Every answer computed once before the clock starts (what a running service has), at the
    # current data: the writes of the phases before this one are not what the no-write phase
    # measures.
    with httpx.Client(base_url=url, timeout=120, headers={"Cache-Control": "no-cache"}) as client:
        for _, path in paths:
            client.get(path)
    sampler = Sampler(bolt)
    sampler.start()
    try:
        results = []
        for rate in [0] + [float(r) for r in opts.live_rates.split(",")]:
            results.append(phase(url, key, paths, live, rate, opts.live_seconds, opts.live_readers,
                                 sampler, rng))
            print(f"bench:   live at {rate:g} writes/s: {results[-1]['reads']} reads, "
                  f"p99 {results[-1]['p99']:.0f} ms, behind at most "
                  f"{results[-1]['behind_max_ms'] / 1000:.1f} s", flush=True)
    finally:
        sampler.stop.set()
        sampler.join(5)
    return {"phases": results, "readers": opts.live_readers, "seconds": opts.live_seconds,
            "targets": TARGETS, "urls": len(paths)}


if __name__ == "__main__":
    # Standalone, against a running service: bench/live.py URL KEY DATA_DIR [BOLT_PORT PASSWORD]
    import argparse
    import json
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    import sample

    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("key")
    p.add_argument("data")
    p.add_argument("--live-rates", default="1,10")
    p.add_argument("--live-seconds", type=int, default=60)
    p.add_argument("--live-readers", type=int, default=4)
    opts = p.parse_args()
    bolt = {"uri": f"bolt://127.0.0.1:{os.environ['NEO4J_BOLT_PORT']}", "user": "neo4j",
            "password": os.environ["NEO4J_PASSWORD"]}
    data = sample.read(Path(opts.data))
    chains = [c["id"] for c in httpx.get(f"{opts.url}/api/v1/chains").json()]
    print(json.dumps(run(opts.url, opts.key, bolt, data, chains, data["links"], opts,
                         random.Random(1)), indent=1))
