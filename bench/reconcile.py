"""Reconciliation at size (issue 20), against the bench graph with the demo seeds loaded beside
it, so the real organisations the labelled set names stand among 100,000 synthetic firms:

  - the labelled set (tests/data/reconcile_labels.csv, the names lists write for the real
    organisations, and real firms not registered here) in one request: recall@1, recall@5, the
    share of confident matches that are wrong, unregistered names matched, and its time;
  - search (GET /api/v1/search) on every labelled variant: recall@5 and p95;
  - a 1,000-row list of synthetic firms' names as a list writes them (no mark, no legal form,
    a region): its time, five times. Their names repeat a link's name with a number, so this is
    the worst case for the index (thousands of firms share every character), not a quality
    measure.

    bench/reconcile.sh       # alone, against the store `make bench` loaded (see below)
"""
import csv
import statistics
import time
import urllib.parse

import httpx

from stack import ROOT

LABELS = ROOT / "tests" / "data" / "reconcile_labels.csv"


def labels():
    with open(LABELS, newline="") as f:
        return list(csv.DictReader(f))


def post(url, rows):
    started = time.perf_counter()
    r = httpx.post(f"{url}/api/v1/reconcile", json={"rows": rows}, timeout=120)
    r.raise_for_status()
    return (time.perf_counter() - started) * 1000, r.json()


def labelled(url):
    rows = labels()
    body = [{"name": r["name"], **({"region": r["region"]} if r["region"] else {})} for r in rows]
    took, answer = post(url, body)
    named = [(r, a) for r, a in zip(rows, answer["results"]) if r["expected"]]
    unknown = [(r, a) for r, a in zip(rows, answer["results"]) if not r["expected"]]
    first = sum(1 for r, a in named if a["candidates"] and a["candidates"][0]["id"] == r["expected"])
    five = sum(1 for r, a in named if r["expected"] in [c["id"] for c in a["candidates"][:5]])
    confident = [(r, a) for r, a in named if a["match"]]
    wrong = sum(1 for r, a in confident if a["id"] != r["expected"])
    return {"rows": len(rows), "named": len(named), "recall_1": first / len(named),
            "recall_5": five / len(named), "confident": len(confident), "wrong": wrong,
            "unregistered": len(unknown),
            "unregistered_matched": sum(1 for _, a in unknown if a["match"]), "ms": took}


def search(url):
    found, times = 0, []
    named = [r for r in labels() if r["expected"]]
    with httpx.Client(timeout=30) as client:
        for r in named:
            q = urllib.parse.quote(r["name"], safe="")
            started = time.perf_counter()
            answer = client.get(f"{url}/api/v1/search?q={q}&limit=5")
            times.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
            if r["expected"] in [h["id"] for h in answer.json()["items"][:5]]:
                found += 1
    times.sort()
    return {"rows": len(named), "recall_5": found / len(named),
            "p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1]}


def synthetic_list(url, firms, rng, n=1000, runs=5):
    rows = [{"name": name.replace("【合成】", "").replace("有限公司", ""), "region": region}
            for _, region, name in rng.sample(firms, n)]
    times = [post(url, rows)[0] for _ in range(runs)]
    return {"rows": n, "runs": runs, "median_ms": statistics.median(times), "max_ms": max(times)}


def run(url, cli, firms, rng):
    """Seeds the demo data beside the bench graph (it merges; nothing synthetic is touched),
    then measures."""
    cli("seed")
    return {"labelled": labelled(url), "search": search(url),
            "list": synthetic_list(url, firms, rng)}


def main():
    """Measures reconciliation alone against the store the last `make bench` loaded (its
    largest size), and adds the figures to its results and report, saying when and at which
    commit they were taken."""
    import json
    import random
    import subprocess

    import report
    import sample
    from stack import Service, cli, neo4j

    results_path = ROOT / "target" / "bench-results.json"
    out = json.loads(results_path.read_text())
    big = out["sizes"][-1]
    data = sample.read(ROOT / "target" / "bench-data" / str(big["size"]))
    neo4j("start")
    service = Service("reconcile")
    try:
        measured = run(service.url, cli, data["firms"], random.Random(big["size"]))
    finally:
        service.stop()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()
    measured["separately"] = {"commit": commit, "date": time.strftime("%Y-%m-%d")}
    big["reconcile"] = measured
    results_path.write_text(json.dumps(out, indent=1))
    report.write(out, ROOT / "docs" / "BENCHMARKS.md")
    print(json.dumps(measured, indent=1))


if __name__ == "__main__":
    main()
