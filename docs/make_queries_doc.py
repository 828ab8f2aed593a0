#!/usr/bin/env python3
"""Writes docs/QUERIES.md: runs each documented curl against a running service (make run, on
the seeded demo data) and embeds the output it actually produced, shortened where long.

    python3 docs/make_queries_doc.py [http://127.0.0.1:8080]
"""
import json
import subprocess
import sys
from pathlib import Path

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = Path(__file__).with_name("QUERIES.md")


def curl(path):
    cmd = ["curl", "-s", f"{BASE}{path}"]
    raw = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(raw)


def shown(value, max_lines=40):
    lines = json.dumps(value, ensure_ascii=False, indent=2).splitlines()
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"… ({len(lines) - max_lines} more lines)"]
    return "\n".join(lines)


def example(path, transform=lambda v: v, max_lines=40):
    value = transform(curl(path))
    return f"```sh\ncurl -s '{BASE}{path}'\n```\n\n```json\n{shown(value, max_lines)}\n```\n"


def first(n, key):
    def cut(v):
        v = dict(v)
        v[key] = v[key][:n]
        return v
    return cut


SECTIONS = [
    ("1. How does this lab feed that manufacturer?", """
`GET /api/v1/paths?from=&to=[&k=5][&max_hops=4][&kinds=…]` returns up to `k` (≤ 20) shortest
*directed* paths from one organisation to another, at most `max_hops` (≤ 6) long, following only
the relationship kinds in `kinds` (default: `transfers_technology,supplies,incubates,invests_in,
branch_of`). Paths come shortest first; each hop names both organisations (name, region, kind)
and the relationship (kind, product or technology, mode, year, **source**). Unknown ids are 404;
no path within the bounds is 200 with `paths: []` and the bounds used.

Branches are followed both ways: a Beijing lab that licenses to a parent company reaches the
parent's Hebei branch plant (`lab → parent → plant`), the last hop reported as the `branch_of`
relationship it is (its id, year, source) with `reversed: true`. Every other kind is followed
only in its direction (a supplier's customer is not its supplier).

Rule: Cypher `SHORTEST` over a quantified path pattern whose relationships must have one of the
chosen types, each followed in its direction; for `branch_of`, beside every `BRANCH_OF` the
service writes a `HAS_BRANCH` the other way round carrying the same id (with the relationship,
in one transaction; deleted with it; schema 012 adds them to branches recorded before), and the
search follows both types — still a directed search. (Following every relationship undirected
and filtering by direction afterwards was 147 ms p95 at 100,000 firms; the same 200 Beijing-R&D
→ Hebei-firm pairs, ≤ 4 hops, straight against Neo4j on the 100,000-firm graph with its 13,433
branches twinned: 4.7 ms p50 / 9.4 ms p95 with the twins, 5.0 / 11.9 ms without them, three
rounds interleaved, a one-off check of the design — no slower; `make bench` measures paths
through the API.)
A path visits each organisation once (with twins, a walk could otherwise go out along a branch
and back along its twin). A hop over a `HAS_BRANCH` is reported, and ranked, as its
original; the hop bound is a literal from the Rust `HopBound`
type (Neo4j does not take a parameter there), the count is applied with `LIMIT $k`. Paths of equal length are ranked by their `evidence`: verified hops
first, then distinct sources cited along the path, then the latest year a hop reports.

Real examples (each step carries the report that states it; `synthetic=false` follows real
relationships only): Tsinghua University → Beijing SinoHytec (joint R&D on fuel-cell buses,
reported) → its Zhangjiakou engine maker (a branch inferred from the reports, marked so:
`inferred` says on what); Jingdiao's Mentougou headquarters → its Langfang production base; BAIC
→ its Huanghua vehicle base; Beijing Hyundai → its Cangzhou plant; Langyi → its Cangzhou branch;
GKSS → its Gu'an base; Tsinghua → its Tianjin high-end equipment institute; BWI's Beijing R&D
(an inferred unit) → its Zhangjiakou plant.
""", [("/api/v1/paths?from=tsinghua&to=sinohytec-power-zjk&synthetic=false", None),
      ("/api/v1/paths?from=jingdiao&to=jingdiao-langfang&synthetic=false", None)]),
    ("2. Chain map", """
`GET /api/v1/chains/{id}/map[?region=130000][&by=city][&verified=true][&synthetic=false][&as_of=2023][&level=sub_link]`:
for every link of the
chain, upstream first, the number of enterprises operating in it in Beijing (110000), Tianjin
(120000) and Hebei (130000) — and per city with `by=city` — its chain leaders, and the strength of
the target region (`region`, default Hebei) in the link.

Strength is graded by capacity and the location quotient, not by a raw count, so a county and a
province are judged by the same rule:
- a firm's capacity in a link is its size weight (large 8, medium 4, small 2, micro or unknown 1),
  ×2 when it leads the link or the chain (`leader` role, `chain_leader` tag), ×0.5 when it only
  supports the link, ×1.5 for a little giant (`little_giant`);
- `target_capacity` and `region_capacity` sum the capacities of the link's firms in the target
  region and in the whole of Beijing–Tianjin–Hebei;
- `location_quotient = (target_capacity / target's capacity over all the chain's links) /
  (region_capacity / the region's capacity over all the chain's links)`: above 1, the link holds
  more of the target's chain than it does of the region's;
- `missing` when the target has no capacity in the link; otherwise `weak` below
  `queries.weak_below_lq` (default 0.5), `strong` from `queries.strong_from_lq` (default 1.5),
  else `present`. Thresholds are configuration; the response repeats them.

A membership counts unless it had not begun by the year (`since` later) or had ended before it
(`until` earlier); one recorded without years counts in every year. The year is `as_of`, or this
year: a firm that left a link is not on today's map. With `as_of`, the map as it stood then.

**Links and sub-links.** Some links are divided into sub-links where the reporting puts the
bottlenecks (`sub_links` on `GET /chains/{id}`): hydrogen production → electrolysers; stacks →
membrane electrode assemblies, and catalysts, membranes & carbon paper; fuel-cell systems → air
compressors & hydrogen pumps; NEV parts → thermal management; intelligent driving →
automotive-grade chips, vehicle–road–cloud; vehicle assembly → testing & certification;
biomedicine R&D → CDMO; medical devices → device inputs; a new link, generics & traditional
Chinese medicine → generics, TCM; basic software → industrial software; industrial internet
platforms → identifier resolution; servo motors → humanoid joint actuators; robot bodies →
humanoid robots. A firm may be placed in a link or in one of its sub-links. With `level=link`
(the default, and every answer before sub-links existed) a link counts its own firms and its
sub-links' firms, each firm once (as leader if it leads in any of them); the old link ids keep
their meaning, and `/enterprises?link=` of a link lists its sub-links' firms too. With
`level=sub_link` each link with sub-links is followed by one row per sub-link
(`link.level = "sub_link"`, `link.parent` its link), and the link's own row counts only the firms
placed in the link itself, so every membership is counted exactly once; links without
sub-links stand as they are. The capacities and location quotients are computed over the rows
of the level asked for.

Worked example: Xingtai holds capacity 10 across a chain, 6 of it in CNC systems; the whole
region holds 100, 20 of it in CNC systems. `LQ = (6 / 10) / (20 / 100) = 3`: strong, although
Xingtai has only a few firms there. The investment leads (below) use the same grades.
""", [("/api/v1/chains/hydrogen/map?by=city", first(3, "links"))]),
    ("3. The three lists (三张清单)", """
`GET /api/v1/chains/{id}/lists[?region=130000][&top=20][&synthetic=false][&as_of=2023][&level=sub_link]`:

With `level=sub_link` every list is per sub-link (and per link for firms placed in a link
itself), with the map's rows; with `level=link` (default) per link, a link's firms including its
sub-links'.

With `as_of`, every relationship the lists count must be known to hold that year, as in the
flows: its `year` (or `valid_from`) at most `as_of` and its `valid_to`, if any, at least
`as_of` — "the chain in 2023". A relationship with no year is not known to hold in any given year
and is left out. Firms count in their links by the map's rule for the year (memberships'
`since`/`until`, declared with the link or in the CSV import's optional columns).

- **Bottlenecks (卡点)** — for every firm of the target region in a link, its suppliers are the
  organisations that `SUPPLIES` it *and* operate in a link that `FEEDS` this one — a link of the
  same chain, or of another chain where the reference data says so (`feeds_other_chains` on
  `GET /chains/{id}`: fuel-cell systems feed NEV vehicle assembly, xinchuang chips feed
  intelligent driving; lab-to-plant matching follows them too). Sub-links have their own
  `feeds` (catalysts, membranes & carbon paper feed membrane electrode assemblies, which feed
  the stack link), and a link's feeds stand for its sub-links: a supplier counts when a link or
  sub-link it operates in — or that sub-link's link — feeds the segment the firm is placed in or
  that segment's link. So a membrane-electrode maker buying from a catalyst maker depends on it
  at either level (listed under the stack link, or under its sub-link). A firm is listed
  when it has exactly one such supplier (`single_supplier`), when all of them are outside the target
  region (`outside_suppliers_only`), or both (`single_outside_supplier`). Firms with no recorded
  supplier are not listed: nothing is known about them.

  How much each matters is scored, for every target-region firm *f* with suppliers:
  - concentration: the Herfindahl–Hirschman index over its suppliers' shares of its supply
    relationships, `hhi_f = Σᵢ (nᵢ / Σⱼ nⱼ)²` (*nᵢ* = supply relationships from supplier *i*,
    e.g. one per product; ChainAtlas records no volumes, so relationships are the shares);
  - distance: `outside_f` = the share of those relationships from suppliers outside the target
    region; each supplier also carries its `origin` seen from the firm: `same_city` (Beijing and
    Tianjin each count as one city), `same_province`, `elsewhere_in_region`, `outside_region`;
  - `score_f = hhi_f × (1 + outside_f) / 2`: a single local supplier scores 0.5, a single outside
    one 1, four equal outside ones 0.25;
  - a link's `score` is the mean of its firms' scores weighted by size, `w_f` = 8 large, 4 medium,
    2 small, 1 micro or unknown, doubled for a chain leader: `Σ w_f score_f / Σ w_f` over the
    link's target-region firms with suppliers (`firms_with_suppliers`). Links are listed highest
    score first, their dependent firms highest score first.

  Worked example (a test builds it): a Tangshan drug maker buys an API and excipients from one
  Tianjin supplier (two relationships) and CRO services from a Beijing one (one). Shares 2/3 and
  1/3: `hhi = 4/9 + 1/9 = 5/9 ≈ 0.556`; both are outside Hebei, so `outside = 1` and
  `score = 5/9 × 2 / 2 ≈ 0.556`; it is listed as `outside_suppliers_only`. A firm whose single
  supplier is in Tianjin scores `1 × 2 / 2 = 1` and is listed first.
- **Investment leads (堵点招商)** — every link whose strength in the target region is `missing` or
  `weak` (graded as in the chain map), with candidate firms in that link elsewhere in
  Beijing–Tianjin–Hebei. For each candidate:
  - `customers_in_target`: distinct target-region enterprises it already supplies — local demand
    the region meets from outside; `supplies_target_leaders`: how many of them are chain leaders;
  - `beijing_rd_origin`: it holds technology transferred from, or was incubated by, a Beijing R&D
    source;
  - `score = customers_in_target + 2 × supplies_target_leaders + (1 if beijing_rd_origin)`;
    candidates are ranked by score, then verified first, then size, then id;
  - `form`, the presence to propose: `pilot_line` for Beijing R&D-origin technology;
    `relocation` only for a **Beijing** firm with at least half of its customers
    (`customers_total`) already in the target — relocating non-capital functions (疏解) is
    policy; a firm in Tianjin or another Hebei city is a partner, and is never proposed as a
    relocation target; `branch` otherwise.

  Worked example (a test builds it): for biologics in Hebei, a Tianjin firm supplying two Hebei
  drug makers scores 2 and is offered a branch; a Beijing firm whose one customer is in Hebei
  scores 1 and is offered relocation; a Beijing firm holding a Beijing lab's licence scores 1 and
  is offered a pilot line.
- **Key enterprises (重点企业)** — chain leaders (`chain_leader` tag or `leader` role), and for each
  link the target region's firms, ranked by their weight in the chain's supply network:
  - the network: every organisation of the chain, an edge from each customer to each of its
    suppliers in the chain, weighted by their supply relationships (dependence flows upstream);
  - `pagerank`: weighted PageRank, damping 0.85, by power iteration to a change below 10⁻¹⁰;
    `PR(v) = (1 − d)/N + d·D/N + d·Σ_{u→v} PR(u)·w(u,v)/W(u)`, with `W(u)` the weight of u's
    out-edges and `D` the rank of firms that depend on nobody (spread evenly). A firm ranks high
    when firms that rank high depend on it; the chain's ranks sum to 1;
  - `betweenness`: the share of shortest supply routes between two other firms of the network
    that pass through it, `B(v) = Σ_{s≠v≠t} σ_st(v)/σ_st ÷ ((N − 1)(N − 2))` over the directed
    edges, hop counts (Brandes' algorithm). Exact for networks of up to 256 firms; in larger ones
    estimated from 256 sources evenly spaced in id order, scaled by N/256 (Brandes and Pich,
    2007) — exact Brandes is O(V·E), about 2·10⁹ steps for a chain at the region's size. A firm
    with high betweenness but modest PageRank is a broker: routes between parts of the chain run
    through it. Worked example (a unit test): on a line e → d → c → b → a, b lies on 3 of the
    12 ordered routes (c, d, e to a), c on 4, d on 3: 0.25, 0.33, 0.25;
  - `articulation_point`: the undirected network falls apart without it (petgraph);
  - `in_chain_relationships` and `share`: its relationships of any kind with other
    organisations of the chain, and its share of all of them.
  Holders are listed by PageRank, then in-chain relationships, then id.

  Worked example (a unit test): four firms depend on one supplier A, which depends on nobody.
  With d = 0.85, each leaf's rank is `0.03 + 0.17·x` (x = A's rank, spread evenly) and A's is
  `0.03 + 0.17·x + 0.85 × 4 leaves`; as the ranks sum to 1, `(1 − x)/4 = 0.03 + 0.17·x`, so
  `x = 0.22/0.42 ≈ 0.524` and each leaf has ≈ 0.119.
""", [("/api/v1/chains/robotics/lists", lambda v: {
        "chain": v["chain"], "target": v["target"],
        "bottlenecks": v["bottlenecks"][:1],
        "investment_leads": v["investment_leads"][:1],
        "key_enterprises": {"chain_leaders": v["key_enterprises"]["chain_leaders"],
                            "in_chain_relationships": v["key_enterprises"]["in_chain_relationships"],
                            "links": v["key_enterprises"]["links"][:1]}})]),
    ("4. Impact of a stopped supplier", """
`GET /api/v1/enterprises/{id}/impact[?depth=3][&disruption_share=1]` (depth 1–6): who is hit
if the enterprise stops. A customer is not simply "affected": it is **disrupted** only when a
product it needs loses enough of its suppliers, and only disrupted firms pass the disruption on.

- Level by level along `SUPPLIES` (at most `depth` hops), the customers of the stopped firm and
  of every firm disrupted so far are reached; each is judged once, when first reached, against
  the firms disrupted at a shallower depth.
- For every product *p* it buys: `hit_p / suppliers_p`, the share of *p*'s distinct suppliers
  that are stopped or disrupted. `hit_share` is the largest of these.
- `disrupted` when `hit_share ≥ disruption_share` (default `queries.impact_disruption_share` = 1:
  all suppliers of some product are gone). `lost_products`: every *p* with a hit supplier;
  `without_alternative`: every *p* all of whose suppliers are hit.
- `via`: the stopped or disrupted suppliers it buys from, those hit first listed first — how the
  disruption reached it; the explorer draws the impact as a tree from it.
- `substitutes` (with `substitutes=true`; the explorer asks for them): for each product in
  `without_alternative`, up to three organisations that
  deliver that product to anyone and are neither stopped nor disrupted, **nearest first** —
  `same_city` (the first four digits of the region codes agree; Beijing and Tianjin are one city
  each), `same_province`, `region` (elsewhere in Beijing–Tianjin–Hebei), `outside` — then the
  most customers for that product, then id. A real firm's customers are offered real suppliers
  only. Candidates are read once per product (the `supplies_product` index), not per firm, and
  only each city's best four come back; it is opt-in because a common product's lookup reads
  every supply relationship of it (59,069 for the commonest at 100,000 firms, ~55 ms alone).
- Grouped by province and chain; `disrupted` and `without_alternative` count the firms. At most
  `queries.impact_max_affected` firms are listed, nearest first (`truncated` says when).

Worked example (a test builds it): firm S stops. C buys bearings from S and from another
supplier (½ hit: exposed, not disrupted); E buys bearings only from S (1: disrupted). T buys
gearboxes from C and E: reached through E, ½ of its suppliers hit, so not disrupted. With
`disruption_share=0.5`, C is disrupted too, and T loses both gearbox suppliers (1: disrupted).
Substitutes (another test): E in Caofeidian (130209) lost its only supplier of a reducer; four
others deliver it — two in Tangshan (130200; one to two customers, one to one), one in
Shijiazhuang (130100), one in Beijing. E is offered the busier Tangshan supplier, the other
Tangshan one, then Shijiazhuang (`same_city`, `same_city`, `same_province`); Beijing is fourth
and cut.
""", [("/api/v1/enterprises/demo-robotics-59/impact", first(3, "affected"))]),
    ("5. Flows between regions", """
`GET /api/v1/flows?from_region=110000&to_region=130000[&verified=true][&synthetic=false][&as_of=2023]`:
technology transfers, supplies and investments from organisations in the first region's subtree
to organisations in the second's, branches in the second of parents in the first, and
relocations out of the first into the second — each with totals, by the chains of the receiving
organisation, by year (`year`, else `valid_from`; `unknown` when neither), by the receiving
organisation's city (Hebei's prefecture cities and Xiong'an; Beijing and Tianjin as a whole), and
as a chain × year × city `breakdown`. With `as_of=YEAR` only relationships known to hold that year
count (their year or `valid_from` at most it, `valid_to`, if any, at least it; undated ones are
left out): the flows as they stood then.
""", [("/api/v1/flows?from_region=110000&to_region=130000", None)]),
    ("5b. Lab-to-plant matches (产学研对接)", """
`GET /api/v1/chains/{id}/matches?link=hydrogen.stack-mea[&region=130000][&limit=50][&synthetic=false]`:
which R&D sources outside the target region have technology for a link, and which of the
region's firms could use it but have no partner for it yet.

- R&D sources declare **capabilities** per link: `PUT /api/v1/rd-sources/{id}/capabilities/{link}`
  with `technology`, `readiness` (technology readiness level 1–9), optional `evidence` (patents,
  a pilot line) and the `source` that states it; `DELETE` withdraws one. A member's change needs
  verifying again, like any other edit, and is kept in the history.
- A pair is (R&D source outside the target with a capability in the link, enterprise of the
  target in that link or in a link it `FEEDS`) with no technology transfer, cooperation or
  incubation between them, either way. A link stands for its sub-links: a capability declared
  in a sub-link is one in its link, and a firm placed in a sub-link is in its link (fit 1) or
  in the link fed (0.7). `link` may also name a sub-link; "a link it feeds" then follows the
  sub-link's own `feeds`.
- `score = readiness/9 × fit × evidence × size`: fit 1 in the same link, 0.7 in a link it feeds;
  evidence 1 when given, 0.8 when not; size the firm's size weight over a large firm's (large 1,
  medium 0.5, small 0.25, micro or unknown 0.125) — a larger firm can absorb more. Best first;
  `reason` spells each factor out.

Worked example (a test builds it): a Beijing lab declares low-platinum MEAs at readiness 6 with a
pilot line as evidence. A small Baoding MEA maker scores `6/9 × 1 × 1 × 0.25 ≈ 0.167`; a small
Tangshan fuel-cell system maker, one link downstream, `6/9 × 0.7 × 1 × 0.25 ≈ 0.117`. A
Zhangjiakou firm already licensing the lab's technology, and a Tianjin firm (outside the target),
are not listed.
""", [("/api/v1/chains/hydrogen/matches?link=hydrogen.stack-mea&limit=3", None)]),
    ("6. Clusters", """
`GET /api/v1/clusters` and `GET /api/v1/clusters/{id}`: members by province, the chains the members
operate in, and the relationships between members — `internal` when both ends are in the same
province, otherwise cross-region.
""", [("/api/v1/clusters/life-health", first(3, "members"))]),
    ("7. Search", """
`GET /api/v1/search?q=[&kind=enterprise|rd_source][&verified=][&synthetic=][&limit=20][&cursor=]`:
organisations whose name or description contains every word of `q` (Neo4j full-text index, CJK
analyzer: Han text is indexed as overlapping bigrams and each word is searched as a phrase, so
科技大学 finds 北京科技大学 but not a name with 科技 and 大学 apart, and 有限公司 in
the text does not match every firm;
words need not be adjacent; the last word, if Latin, may be the start of a word, for type-ahead;
English stop words are ignored). `topics` lists, with the first page, the chains and links whose
names contain the words: their firms are one request away (`/enterprises?chain=` or `?link=`).
Nothing typed is read as Lucene syntax. Best match first; equal scores keep the index's order,
which is stable while the data does not change. Without a filter the index itself returns only
the best hits up to the page's end, so a common word costs no more than a rare one.
""", [("/api/v1/search?q=%E6%B0%A2%E8%83%BD&limit=3", None)]),
    ("8. Relocations (疏解)", """
`GET /api/v1/relocations?from=110000[&to=130000][&chain=][&limit=200]`: organisations with a
`RELOCATED_FROM` relationship to a region in the `from` subtree that are now located in the `to`
subtree, newest first, with what moved, when, their chains and the source.
""", [("/api/v1/relocations?from=110000&to=130000&limit=3", None)]),
]


def main():
    parts = ["""# Questions ChainAtlas answers

Every query here is read-only, parameterised Cypher from `cypher/queries/`, bounded (every
variable-length pattern has an upper bound, every list a cap) and subject to
`neo4j.query_timeout_ms`: a query that runs longer answers 503 with a problem+json body. Reads
need no API key while `auth.public_read` is on (the development default).

The outputs below were produced by `docs/make_queries_doc.py` against `make run` on the seeded
demo data. Organisations named 【演示】/[DEMO] are synthetic; the others, and the relationships
between them, carry the public report they come from in `source`. Long outputs are shortened.
"""]
    for title, text, examples in SECTIONS:
        parts.append(f"\n## {title}\n{text}")
        for path, transform in examples:
            parts.append(example(path, transform or (lambda v: v)))
    OUT.write_text("\n".join(parts))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
