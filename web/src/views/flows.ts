// Coordinated-development flows: what Beijing sends to Tianjin and Hebei (technology, supply,
// investment, branches, relocations) as a Sankey diagram origin → chain → receiving city, with
// the relocations (疏解) beside it.
import { api, must, type Schemas } from "../api/client";
import { chart } from "../charts";
import { h, orgLink, sourceRef } from "../dom";
import { t } from "../i18n";
import { REL_KIND } from "../labels";
import { allChains, badge, regionNames, setParam } from "../ui";

const KINDS = ["transfers_technology", "supplies", "invests_in", "branches", "relocated"] as const;
type FlowKind = (typeof KINDS)[number];
// Each flow counts one kind of relationship.
const KIND_OF: Record<FlowKind, Schemas["RelKind"]> = {
  transfers_technology: "transfers_technology",
  supplies: "supplies",
  invests_in: "invests_in",
  branches: "branch_of",
  relocated: "relocated_from",
};

export async function renderFlows(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const from = params.get("from") ?? "110000";
  const to = params.get("to") ?? "130000";
  const kind = (params.get("kind") ?? "transfers_technology") as FlowKind;
  const year = params.get("year") ?? "";
  const [flows, relocations, chains, names] = await Promise.all([
    must(api.GET("/api/v1/flows", { params: { query: { from_region: from, to_region: to } } })),
    must(api.GET("/api/v1/relocations", { params: { query: { from, to, limit: 100 } } })),
    allChains(),
    regionNames(),
  ]);
  const chainName = new Map<string, string>(chains.map((c) => [c.id, c.name_zh]));
  const counts: Schemas["FlowCounts"] = flows[kind];
  const cells = counts.breakdown.filter((c) => !year || c.year === year);
  const select = (name: string, value: string, options: [string, string][]) =>
    h(
      "select",
      { "data-testid": name, onchange: (e: Event) => setParam(name, (e.target as HTMLSelectElement).value) },
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
    );
  const provinces: [string, string][] = ["110000", "120000", "130000"].map((c) => [c, names(c)]);
  const years = Object.keys(counts.by_year).sort();

  root.append(
    h(
      "div",
      { class: "controls" },
      h("label", {}, t("flows_from"), select("from", from, provinces)),
      h("label", {}, t("flows_to"), select("to", to, provinces)),
      h("label", {}, t("kinds"), select("kind", kind, KINDS.map((k) => [k, REL_KIND.text(KIND_OF[k])]))),
      h("label", {}, t("year"), select("year", year, [["", t("total")], ...years.map((y): [string, string] => [y, y])])),
    ),
    h("p", { class: "total", "data-testid": "flow-total" }, `${flows.from_name_zh} → ${flows.to_name_zh}: ${cells.reduce((n, c) => n + c.n, 0)}`),
    cells.length ? sankey(flows.from_name_zh, cells, (c) => chainName.get(c) ?? c, names) : h("p", { class: "empty" }, t("none")),
    h("h2", {}, t("relocations")),
    relocations.length === 0
      ? h("p", { class: "empty" }, t("none"))
      : h(
          "div",
          { class: "scroll" },
          h(
            "table",
            { class: "list", "data-testid": "relocations" },
            h("thead", {}, h("tr", {}, [t("organisation"), t("year"), t("scope"), t("flows_to"), t("source"), t("status")].map((x) => h("th", {}, x)))),
            h(
              "tbody",
              {},
              relocations.map((r) =>
                h(
                  "tr",
                  {},
                  h("td", {}, orgLink(r.organisation.id, r.organisation.name_zh, r.organisation.kind)),
                  h("td", {}, r.year ?? ""),
                  h("td", {}, r.scope ?? ""),
                  h("td", {}, r.to_name_zh ?? ""),
                  h("td", {}, sourceRef(r.source, t("source"))),
                  h("td", {}, r.synthetic ? badge("synthetic") : badge(r.verified ? "verified" : "unverified")),
                ),
              ),
            ),
          ),
        ),
  );
}

function sankey(
  origin: string,
  cells: Schemas["FlowCell"][],
  chainName: (id: string) => string,
  names: (code: string) => string,
): HTMLElement {
  const links = new Map<string, number>();
  const add = (a: string, b: string, n: number) => links.set(`${a}\u0000${b}`, (links.get(`${a}\u0000${b}`) ?? 0) + n);
  for (const c of cells) {
    // Chain and city names never collide; the chain is marked so "none" stays distinct too.
    const chain = `〔${c.chain === "none" ? "—" : chainName(c.chain)}〕`;
    add(origin, chain, c.n);
    add(chain, names(c.city.split(" ")[0]!), c.n);
  }
  const nodes = new Set<string>();
  const data = [...links].map(([key, value]) => {
    const [source, target] = key.split("\u0000") as [string, string];
    nodes.add(source);
    nodes.add(target);
    return { source, target, value };
  });
  return chart(
    {
      tooltip: { trigger: "item" },
      series: [{ type: "sankey", data: [...nodes].map((name) => ({ name })), links: data, emphasis: { focus: "adjacency" } }],
    },
    "flows-sankey",
    460,
  );
}
