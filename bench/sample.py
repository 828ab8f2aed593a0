"""The requests a benchmark sends, drawn (with a fixed seed) from the synthetic files it loaded:
every chain, firms of each chain, Beijing R&D sources and Hebei firms for paths."""
import csv
from collections import Counter
import random
import urllib.parse

def read(data):
    firms, rd, links_of, chains_of = [], [], {}, {}
    with open(data / "enterprises.csv", newline="") as f:
        for row in csv.DictReader(f):
            firms.append((row["id"], row["region"], row["name_zh"]))
    with open(data / "rd_sources.csv", newline="") as f:
        for row in csv.DictReader(f):
            rd.append((row["id"], row["region"]))
    with open(data / "memberships.csv", newline="") as f:
        for row in csv.DictReader(f):
            chain = row["segment"].split(".")[0]
            chains_of.setdefault(row["enterprise"], set()).add(chain)
            links_of.setdefault(row["segment"], 0)
            links_of[row["segment"]] += 1
    suppliers = Counter()
    with open(data / "relationships.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "supplies":
                suppliers[row["source_id"]] += 1
    return {"firms": firms, "rd": rd, "links": sorted(links_of), "chains_of": chains_of,
            "suppliers": suppliers}


def q(text):
    return urllib.parse.quote(text, safe="")


def requests(data, chains, link_names, n, rng):
    """(group, [(tag, path)]) for every read endpoint measured, `n` requests each; requests of
    chain-level endpoints go round the chains (tag = chain). Searches alternate between the
    chains' link names (which match thousands of firms) and single firms' names."""
    firms_by_chain = {c: [] for c in chains}
    suppliers_by_chain = {c: [] for c in chains}
    for firm, _, _ in data["firms"]:
        for c in data["chains_of"].get(firm, ()):
            if c in firms_by_chain:
                firms_by_chain[c].append(firm)
                if firm in data["suppliers"]:
                    suppliers_by_chain[c].append(firm)
    hebei = [f for f, region, _ in data["firms"] if region.startswith("13")]
    beijing_rd = [r for r, region in data["rd"] if region.startswith("11")]
    pairs = [(rng.choice(beijing_rd), rng.choice(hebei)) for _ in range(200)]
    names = [name for _, _, name in rng.sample(data["firms"], 100)]
    flows = [("110000", "130000"), ("110000", "120000"), ("120000", "130000"),
             ("130000", "110000")]
    ids = [f for f, _, _ in rng.sample(data["firms"], min(2000, len(data["firms"])))]

    def per_chain(make):
        return [(chains[i % len(chains)], make(chains[i % len(chains)], i)) for i in range(n)]

    groups = [
        ("chain map", per_chain(lambda c, i: f"/api/v1/chains/{c}/map?by=city")),
        ("three lists", per_chain(lambda c, i: f"/api/v1/chains/{c}/lists")),
        ("three lists, Hebei", per_chain(lambda c, i: f"/api/v1/chains/{c}/lists?region=130000")),
        ("impact, depth 4", per_chain(lambda c, i: "/api/v1/enterprises/"
                                      f"{rng.choice(suppliers_by_chain[c])}/impact?depth=4")),
        ("paths, k=5, ≤4 hops", [(None, f"/api/v1/paths?from={a}&to={b}&k=5&max_hops=4")
                                 for a, b in (pairs * (n // len(pairs) + 1))[:n]]),
        ("flows", [(None, f"/api/v1/flows?from_region={a}&to_region={b}")
                   for a, b in (flows * n)[:n]]),
        ("search", [(None, f"/api/v1/search?q={q(w)}&limit=20")
                    for w in ([w for pair in zip(link_names * 3, names) for w in pair] * n)[:n]]),
        ("enterprises, region+chain", per_chain(
            lambda c, i: f"/api/v1/enterprises?region=130000&chain={c}&limit=50")),
        ("enterprises, link", [(None, f"/api/v1/enterprises?link={data['links'][i % len(data['links'])]}&limit=50")
                               for i in range(n)]),
        ("enterprise by id", [(None, f"/api/v1/enterprises/{ids[i % len(ids)]}")
                              for i in range(n)]),
        ("relationships of", [(None, f"/api/v1/organisations/{ids[i % len(ids)]}/relationships?limit=50")
                              for i in range(n)]),
        ("relocations", per_chain(lambda c, i: f"/api/v1/relocations?from=110000&to=130000&chain={c}")),
    ]
    return groups, pairs, ids, suppliers_by_chain
