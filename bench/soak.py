#!/usr/bin/env python3
"""Soak: a bounded, open-loop load generator on 127.0.0.1 (bench/soak.sh starts everything).

Requests go out at a fixed rate whatever the answers, from a bounded pool of threads: reads of
the chain list, a chain map, search, an enterprise and a path; creates of R&D sources (each with
an Idempotency-Key, retried once on 503 with the same key); edits. Halfway, Neo4j is restarted
(neo4j/neo4j.sh stop, start). At the end every acknowledged write is read back. The figures
replace the text between the soak markers in the report file.
"""
import argparse
import concurrent.futures
import datetime
import os
import random
import statistics
import subprocess
import threading
import time
import uuid

import httpx

READS = [
    "/api/v1/chains",
    "/api/v1/chains/robotics/map?by=city",
    "/api/v1/search?q=%E6%9C%BA%E5%99%A8%E4%BA%BA",
    "/api/v1/enterprises/tangshan-baichuan-robot-plant",
    "/api/v1/paths?from=ustb&to=tangshan-baichuan-robot-plant",
]


def rss_kib(pid):
    """The service's resident memory; 0 once it has gone (the report then shows it died)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


class Soak:
    def __init__(self, opts):
        self.opts = opts
        self.client = httpx.Client(base_url=opts.url, timeout=30.0,
                                   headers={"authorization": f"Bearer {opts.admin_key}"})
        self.lock = threading.Lock()
        self.statuses = {}
        self.latencies = []
        self.acknowledged = []  # ids of 201 answers
        self.duplicates = 0
        self.created_ids = []

    def record(self, status, seconds):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies.append(seconds)

    def call(self, method, path, **kw):
        started = time.perf_counter()
        try:
            r = self.client.request(method, path, **kw)
            status = r.status_code
        except httpx.HTTPError:
            r, status = None, "transport error"
        self.record(status, time.perf_counter() - started)
        return r

    def write(self):
        key = str(uuid.uuid4())
        body = {"rd_kind": "key_lab", "region": "110108",
                "name_zh": f"【演示】耐久测试实验室 {key[:8]}"}
        for _attempt in range(2):
            r = self.call("POST", "/api/v1/rd-sources", json=body,
                          headers={"idempotency-key": key})
            if r is not None and r.status_code == 201:
                with self.lock:
                    self.acknowledged.append(r.json()["id"])
                return
            if r is None or r.status_code != 503:
                return
            time.sleep(1)

    def edit(self):
        with self.lock:
            ids = list(self.acknowledged[-50:])
        if ids:
            self.call("PATCH", f"/api/v1/rd-sources/{random.choice(ids)}",
                      json={"description": f"耐久测试 {time.time():.0f}"})

    def one(self):
        pick = random.random()
        if pick < 0.6:
            self.call("GET", random.choice(READS))
        elif pick < 0.9:
            self.write()
        else:
            self.edit()

    def run(self):
        o = self.opts
        total = int(o.minutes * 60 * o.rate)
        interval = 1.0 / o.rate
        started = time.monotonic()
        restart_at = started + o.minutes * 30
        restarted = None
        rss = [(0.0, rss_kib(o.server_pid))]
        with concurrent.futures.ThreadPoolExecutor(max_workers=o.concurrency) as pool:
            pending = set()
            for i in range(total):
                due = started + i * interval
                now = time.monotonic()
                if due > now:
                    time.sleep(due - now)
                if restarted is None and time.monotonic() >= restart_at:
                    restarted = threading.Thread(target=self.restart_neo4j)
                    restarted.start()
                if len(pending) >= o.concurrency * 4:
                    # Bounded: when the service falls far behind, wait rather than pile up.
                    done, pending = concurrent.futures.wait(
                        pending, return_when=concurrent.futures.FIRST_COMPLETED)
                pending.add(pool.submit(self.one))
                if i % int(o.rate * 10) == 0:
                    rss.append((time.monotonic() - started, rss_kib(o.server_pid)))
            concurrent.futures.wait(pending)
        if restarted:
            restarted.join()
        rss.append((time.monotonic() - started, rss_kib(o.server_pid)))
        elapsed = time.monotonic() - started
        lost = [i for i in self.acknowledged
                if self.client.get(f"/api/v1/rd-sources/{i}").status_code != 200]
        return self.report(elapsed, rss, lost)

    def restart_neo4j(self):
        t0 = time.monotonic()
        subprocess.run(["neo4j/neo4j.sh", "stop"], check=True, capture_output=True)
        subprocess.run(["neo4j/neo4j.sh", "start"], check=True, capture_output=True)
        self.restart_seconds = time.monotonic() - t0

    def report(self, elapsed, rss, lost):
        lat = sorted(self.latencies)
        q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0
        served = sum(self.statuses.values())
        errors = {k: v for k, v in sorted(self.statuses.items(), key=str)
                  if not (isinstance(k, int) and k < 400)}
        o = self.opts
        lines = [
            f"Last run: {datetime.date.today().isoformat()}, `make soak` "
            f"({o.minutes:g} min at {o.rate:g} requests/s offered, {o.concurrency} client threads, "
            f"release build; Neo4j stopped and started at the half-way mark, "
            f"{getattr(self, 'restart_seconds', 0):.0f} s without a database).",
            "",
            "| Figure | Value |",
            "|---|---:|",
            f"| requests answered | {served:,} in {elapsed:.0f} s |",
            f"| by status | {', '.join(f'{k}: {v:,}' for k, v in sorted(self.statuses.items(), key=str))} |",
            f"| errors (4xx/5xx/transport) | {sum(errors.values()):,} |",
            f"| latency p50 / p95 / p99 | {q(0.5):.0f} / {q(0.95):.0f} / {q(0.99):.0f} ms |",
            f"| acknowledged creates | {len(self.acknowledged):,} |",
            f"| acknowledged writes lost | **{len(lost)}** |",
            f"| service RSS at start → end | {rss[0][1] / 1024:.1f} MiB → {rss[-1][1] / 1024:.1f} MiB |",
            f"| service RSS samples (every 10 s, MiB) | {' '.join(f'{m / 1024:.0f}' for _, m in rss)} |",
        ]
        text = "\n".join(lines)
        print(text)
        if o.report:
            with open(o.report) as f:
                doc = f.read()
            begin, end = "<!-- soak:begin -->", "<!-- soak:end -->"
            head, rest = doc.split(begin, 1)
            _, tail = rest.split(end, 1)
            with open(o.report, "w") as f:
                f.write(f"{head}{begin}\n{text}\n{end}{tail}")
        return 1 if lost else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--admin-key", required=True)
    p.add_argument("--server-pid", type=int, required=True)
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--rate", type=float, default=40)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--report")
    raise SystemExit(Soak(p.parse_args()).run())


if __name__ == "__main__":
    main()
