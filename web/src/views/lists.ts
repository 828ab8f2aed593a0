// 三张清单: bottlenecks (卡点), investment leads (堵点招商) and key enterprises (重点企业) for a
// chain and target region, each entry with the reason it is there.
import { api, must, type Schemas } from "../api/client";
import { h, percent, route } from "../dom";
import { fmt, t } from "../i18n";
import { DEPENDENCY, LEAD_FORM } from "../labels";
import { asOfPicker, chainPicker, downloadButton, freshness, levelPicker, regionNames, segmentNames, strengthCell, targetPicker } from "../ui";

const firmLink = (f: { id: string; name_zh: string }) => route(`/org/${encodeURIComponent(f.id)}`, f.name_zh);

export async function renderLists(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const chain = (params.get("chain") ?? "hydrogen") as Schemas["ChainId"];
  const region = params.get("region") ?? "130000";
  const asOf = params.get("as_of") ?? "";
  const level = params.get("level") === "sub_link" ? ("sub_link" as const) : ("link" as const);
  const query = { region, level, ...(asOf ? { as_of: Number(asOf) } : {}) };
  const [lists, names, linkName] = await Promise.all([
    must(api.GET("/api/v1/chains/{id}/lists", { params: { path: { id: chain }, query } })),
    regionNames(),
    segmentNames(),
  ]);
  const where = (code: string | null | undefined) => h("span", { class: "where" }, names(code));

  const bottlenecks = table(
    "bottlenecks",
    [t("link"), t("score"), t("dependency"), t("suppliers")],
    lists.bottlenecks.flatMap((b) =>
      b.dependent_firms.map((f: Schemas["DependentFirm"]) => [
        h("span", {}, linkName(b.link)),
        h("span", { class: "number" }, f.score.toFixed(2)),
        h(
          "span",
          {},
          firmLink(f),
          where(f.region_code),
          " — ",
          DEPENDENCY.text(f.dependency),
          h("span", { class: "reason" }, ` (${fmt("hhi", { hhi: f.hhi.toFixed(2), share: percent(f.outside_share) })})`),
        ),
        h("span", {}, f.suppliers.map((s) => h("span", { class: "supplier" }, firmLink(s), where(s.region_code), s.product ? ` · ${s.product}` : ""))),
      ]),
    ),
  );
  const leads = table(
    "leads",
    [t("link"), t("strength"), t("candidates"), t("form"), t("reason")],
    lists.investment_leads.flatMap((l) =>
      l.candidates.map((c) => [
        h("span", {}, linkName(l.link)),
        strengthCell(l.strength),
        h("span", {}, firmLink(c), where(c.region_code)),
        h("span", {}, LEAD_FORM.text(c.form)),
        h("span", { class: "reason" }, leadReason(c, names(lists.target))),
      ]),
    ),
  );
  const keys = table(
    "key-enterprises",
    [t("link"), t("holders"), t("share"), t("pagerank"), t("betweenness"), t("articulation_point")],
    lists.key_enterprises.links.flatMap((l) =>
      l.holders.map((x) => [
        h("span", {}, linkName(l.link)),
        h("span", {}, firmLink(x), where(x.region_code)),
        h("span", { class: "number" }, percent(x.share)),
        h("span", { class: "number" }, x.pagerank.toFixed(3)),
        h("span", { class: "number" }, x.betweenness.toFixed(3)),
        h("span", {}, x.articulation_point ? t("yes") : ""),
      ]),
    ),
  );
  const filter = h("input", {
    type: "search",
    "data-testid": "filter",
    placeholder: t("filter"),
    oninput: (e: Event) => {
      const needle = (e.target as HTMLInputElement).value.trim().toLowerCase();
      for (const row of root.querySelectorAll<HTMLTableRowElement>("table.list tbody tr")) {
        row.hidden = needle !== "" && !row.textContent!.toLowerCase().includes(needle);
      }
    },
  });
  root.append(
    h(
      "div",
      { class: "controls" },
      await chainPicker(chain),
      await targetPicker(region),
      asOfPicker(asOf),
      levelPicker(level),
      filter,
      downloadButton(
        `/api/v1/chains/${chain}/lists`,
        { region, level, ...(asOf ? { as_of: asOf } : {}) },
        `${chain}-lists-${region}${asOf ? `-${asOf}` : ""}${level === "sub_link" ? "-sub-links" : ""}.xlsx`,
      ),
    ),
    freshness(lists),
    h("h2", {}, `${t("bottlenecks")} · ${lists.target_name_zh}`),
    bottlenecks,
    h("h2", {}, t("leads")),
    leads,
    h("h2", {}, t("key_enterprises")),
    h(
      "p",
      { class: "leaders" },
      `${t("leaders")}: `,
      lists.key_enterprises.chain_leaders.map((x) => h("span", { class: "supplier" }, firmLink(x), where(x.region_code))),
    ),
    keys,
  );
}

/** Why a firm is a lead, from the facts the API gives (the API's English `reason` is for tools). */
function leadReason(c: Schemas["Candidate"], target: string): string {
  return fmt("lead_reason", {
    target,
    customers: c.customers_in_target,
    leaders: c.supplies_target_leaders,
    origin: t(c.beijing_rd_origin ? "lead_origin_yes" : "lead_origin_no"),
    form: LEAD_FORM.text(c.form),
  });
}

function table(id: string, headers: string[], rows: HTMLElement[][]): HTMLElement {
  if (rows.length === 0) return h("p", { class: "empty", "data-testid": `list-${id}` }, t("none"));
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { class: "list", "data-testid": `list-${id}` },
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))),
    ),
  );
}
