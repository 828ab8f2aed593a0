// An organisation's page: the record with its provenance, its chain links, its relationships in
// and out, its history, and (for an enterprise) who is hit downstream if it stops.
import { api, ApiError, must, type Schemas } from "../api/client";
import { chart } from "../charts";
import { append, h, percent, route, sourceRef } from "../dom";
import { label, nameOf, t } from "../i18n";
import { badge, getOrganisation, regionNames } from "../ui";

export async function renderOrganisation(root: HTMLElement, _params: URLSearchParams, id?: string): Promise<void> {
  if (!id) return;
  const org = await getOrganisation(id);
  const enterprise = org.kind === "enterprise";
  const path = { path: { id } };
  const [relationships, history, impact, names] = await Promise.all([
    must(api.GET("/api/v1/organisations/{id}/relationships", { params: { ...path, query: { direction: "both", limit: 200 } } })),
    // Seeded records have no history yet (404): an empty timeline, not a failed page.
    (enterprise
      ? must(api.GET("/api/v1/enterprises/{id}/history", { params: path }))
      : must(api.GET("/api/v1/rd-sources/{id}/history", { params: path }))
    ).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }),
    enterprise ? must(api.GET("/api/v1/enterprises/{id}/impact", { params: { ...path, query: { depth: 3 } } })) : null,
    regionNames(),
  ]);

  const facts: [string, Node | string | null][] = [
    [t("region"), names(org.region_code)],
    [t("uscc"), org.uscc ?? null],
    [t("park"), org.park ?? null],
    [t("scale"), org.scale ?? null],
    [t("tags"), org.tags?.length ? org.tags.join(", ") : null],
    [t("source"), (sourceRef(org.source, org.source ?? "") as Node | null) ?? null],
  ];
  append(root, [
    h(
      "h1",
      { "data-testid": "org-name" },
      nameOf(org),
      " ",
      badge(org.verified ? "verified" : "unverified"),
      org.synthetic ? badge("synthetic") : null,
    ),
    org.description ? h("p", {}, org.description) : null,
    h(
      "dl",
      { class: "facts" },
      facts.filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    ),
    h("h2", {}, t("chain_links")),
    h(
      "ul",
      { class: "segments" },
      (org.segments ?? []).map((s) =>
        h("li", {}, route(`/map?chain=${s.chain}`, s.segment), ` · ${s.role}`, s.products.length ? ` · ${s.products.join(", ")}` : ""),
      ),
      (org.capabilities ?? []).map((c) =>
        h("li", {}, route(`/map?chain=${c.chain}`, c.segment), ` · ${c.technology} · TRL ${c.readiness}`, " ", sourceRef(c.source, t("source"))),
      ),
    ),
    h("h2", {}, t("relationships")),
    relationshipTable(id, relationships),
    impact ? impactSection(org, impact) : null,
    h("h2", {}, t("history")),
    h(
      "ol",
      { class: "timeline", "data-testid": "history" },
      history.map((c) =>
        h(
          "li",
          {},
          h("time", {}, c.at.slice(0, 19).replace("T", " ")),
          ` ${c.action} · ${c.by_owner}`,
          h("code", {}, Object.keys(c.changes as Record<string, unknown>).join(", ")),
        ),
      ),
    ),
  ]);
}

function relationshipTable(id: string, relationships: Schemas["Relationship"][]): HTMLElement {
  if (relationships.length === 0) return h("p", { class: "empty" }, t("none"));
  const other = (r: Schemas["Relationship"]) =>
    r.source_id === id
      ? [t("outgoing"), r.target_id, r.target_name_zh ?? r.target_id]
      : [t("incoming"), r.source_id, r.source_name_zh ?? r.source_id];
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { class: "list", "data-testid": "relationships" },
      h("tbody", {},
        relationships.map((r) => {
          const [direction, otherId, otherName] = other(r);
          return h(
            "tr",
            {},
            h("td", {}, direction),
            h("td", {}, label(r.kind, "kind_")),
            h("td", {}, r.kind === "relocated_from" ? otherName : route(`/org/${encodeURIComponent(otherId!)}`, otherName!)),
            h("td", {}, [r.product, r.technology, r.mode, r.year, r.share != null ? percent(r.share) : null].filter((x) => x != null && x !== "").join(" · ")),
            h("td", {}, badge(r.verified ? "verified" : "unverified")),
            h("td", {}, sourceRef(r.source, t("source"))),
          );
        }),
      ),
    ),
  );
}

/** The impact as a tree: each affected firm under the stopped or disrupted supplier it buys from. */
function impactSection(org: Schemas["Organisation"], impact: Schemas["Impact"]): HTMLElement[] {
  const heading = h("h2", {}, t("impact"));
  if (impact.affected.length === 0) return [heading, h("p", { class: "empty", "data-testid": "impact" }, t("impact_none"))];
  type Node = { name: string; id: string; children: Node[]; itemStyle?: { color: string } };
  const root: Node = { name: nameOf(org), id: org.id, children: [] };
  const nodes = new Map<string, Node>([[org.id, root]]);
  for (const a of impact.affected) {
    const node: Node = {
      name: `${a.firm.name_zh}${a.lost_products.length ? ` (${a.lost_products.join(", ")})` : ""}`,
      id: a.firm.id,
      children: [],
      itemStyle: { color: a.disrupted ? "#c0392b" : "#e6a23c" },
    };
    nodes.set(a.firm.id, node);
    // Drawn under the first supplier it lost that is already in the tree.
    const parent = a.via.map((v: string) => nodes.get(v)).find(Boolean) ?? root;
    parent.children.push(node);
  }
  const table = h(
    "table",
    { class: "list", "data-testid": "impact" },
    h("thead", {}, h("tr", {}, [t("depth"), t("firm"), t("disrupted"), t("share")].map((x) => h("th", {}, x)))),
    h(
      "tbody",
      {},
      impact.affected.map((a) =>
        h(
          "tr",
          {},
          h("td", { class: "number" }, a.depth),
          h("td", {}, route(`/org/${encodeURIComponent(a.firm.id)}`, a.firm.name_zh)),
          h("td", {}, a.disrupted ? "●" : ""),
          h("td", { class: "number" }, percent(a.hit_share)),
        ),
      ),
    ),
  );
  const height = Math.max(240, Math.min(900, impact.affected.length * 28));
  return [
    heading,
    chart(
      {
        tooltip: { trigger: "item" },
        series: [
          {
            type: "tree",
            data: [root],
            orient: "LR",
            initialTreeDepth: -1,
            label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 12 },
            leaves: { label: { position: "right", align: "left" } },
            left: "20%",
            right: "30%",
          },
        ],
      },
      "impact-tree",
      height,
    ),
    h("div", { class: "scroll" }, table),
  ];
}
