// 产业链图谱: a chain's links upstream → downstream, how many firms Beijing, Tianjin and each
// Hebei city have in each, graded for the target region; a cell opens its firms.
import { watchButton } from "../watch";
import { api, must, type Schemas } from "../api/client";
import { fill, h, route } from "../dom";
import { nameOf, t } from "../i18n";
import { STAGE, STRENGTH } from "../labels";
import { chainPicker, downloadButton, failure, freshness, levelPicker, regionNames, strengthCell, targetPicker } from "../ui";

const PAGE = 20;

export async function renderMap(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const chain = (params.get("chain") ?? "hydrogen") as Schemas["ChainId"];
  const region = params.get("region") ?? "130000";
  const level = params.get("level") === "sub_link" ? ("sub_link" as const) : ("link" as const);
  const query = { region, by: "city" as const, level };
  const [map, names] = await Promise.all([
    must(api.GET("/api/v1/chains/{id}/map", { params: { path: { id: chain }, query } })),
    regionNames(),
  ]);
  const firms = h("div", { class: "firms", "data-testid": "firms" });
  const columns = [...new Set(map.links.flatMap((l) => Object.keys(l.by_city ?? {})))].sort();
  const code = (column: string) => column.split(" ")[0]!;

  const cell = (link: Schemas["LinkCoverage"], regionCode: string, n: number, target: boolean) =>
    h(
      "td",
      { class: target ? `count target strength-${link.strength}` : "count" },
      n === 0
        ? h("span", { class: "zero" }, "0")
        : h(
            "button",
            {
              class: "cell",
              "data-testid": `cell-${link.link.id}-${regionCode}`,
              onclick: () => void showFirms(firms, chain, link.link, regionCode, names(regionCode), dividedHere(link.link)),
            },
            n,
          ),
    );

  // Divided into sub-links, a link's own row counts only the firms placed in the link itself.
  const parents = new Set(map.links.map((l) => l.link.parent).filter((p): p is string => !!p));
  const dividedHere = (link: Schemas["LinkInfo"]) => level === "sub_link" && parents.has(link.id);
  const table = h(
    "table",
    { class: "chain-map", "data-testid": "chain-map" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, t("link")),
        h("th", {}, t("stage")),
        columns.map((c) => h("th", { class: "region" }, names(code(c)))),
        h("th", {}, `${t("in_target")}（${names(map.target)}）`),
        h("th", {}, t("location_quotient")),
        h("th", {}, t("strength")),
        h("th", {}, t("leaders")),
      ),
    ),
    h(
      "tbody",
      {},
      map.links.map((l) =>
        h(
          "tr",
          { "data-link": l.link.id, class: l.link.level === "sub_link" ? "sub-link" : "" },
          h("th", { scope: "row" }, l.link.level === "sub_link" ? `└ ${nameOf(l.link)}` : nameOf(l.link), dividedHere(l.link) ? h("span", { class: "hint" }, t("placed_in_link")) : null),
          h("td", { class: `stage stage-${l.link.stage}` }, STAGE.text(l.link.stage)),
          columns.map((c) => cell(l, code(c), l.by_city?.[c] ?? 0, false)),
          cell(l, map.target, l.target_count, true),
          h("td", { class: "number" }, l.location_quotient?.toFixed(2) ?? "—"),
          h("td", {}, strengthCell(l.strength)),
          h("td", {}, l.leaders.flatMap((x, i) => [i ? "、" : null, route(`/org/${encodeURIComponent(x.id)}`, x.name_zh)])),
        ),
      ),
    ),
  );

  const legend = h(
    "p",
    { class: "legend" },
    STRENGTH.values.map((s) => strengthCell(s)),
    h("span", { class: "hint" }, `LQ < ${map.weak_below_lq} / ≥ ${map.strong_from_lq}`),
  );
  root.append(
    h(
      "div",
      { class: "controls" },
      await chainPicker(chain),
      await targetPicker(region),
      levelPicker(level),
      downloadButton(`/api/v1/chains/${chain}/map`, { region, by: "city", level }, `${chain}-map-${region}${level === "sub_link" ? "-sub-links" : ""}.xlsx`),
      watchButton("chain", chain, "watch_chain"),
    ),
    legend,
    freshness(map),
    h("div", { class: "scroll" }, table),
    firms,
  );
}

/** The firms of one link in one region, a page at a time. */
async function showFirms(
  panel: HTMLElement,
  chain: Schemas["ChainId"],
  link: Schemas["LinkInfo"],
  region: string,
  regionName: string,
  // Only the firms placed in the link itself, not in one of its sub-links (the API lists both).
  ownOnly = false,
): Promise<void> {
  const list = h("ol", { class: "firm-list" });
  const more = h("button", { class: "more" }, t("more"));
  const query = { chain, link: link.id, region, limit: PAGE };
  fill(
    panel,
    h("h3", {}, `${nameOf(link)} · ${regionName}${t("firms_in")}`),
    watchButton("link", link.id, "watch_link"),
    list,
    downloadButton("/api/v1/enterprises", { chain, link: link.id, region }, `${link.id}-${region}.csv`, "csv"),
  );
  const load = async (cursor?: string) => {
    more.remove();
    try {
      const page = await must(api.GET("/api/v1/enterprises", { params: { query: { ...query, cursor } } }));
      const placed = (firm: Schemas["Organisation"]) => !ownOnly || (firm.segments ?? []).some((m) => m.segment === link.id);
      for (const firm of page.items.filter(placed)) {
        list.append(h("li", {}, route(`/org/${encodeURIComponent(firm.id)}`, nameOf(firm))));
      }
      if (page.next_cursor) {
        const next = page.next_cursor;
        more.onclick = () => void load(next);
        list.after(more);
      }
    } catch (e) {
      list.after(failure(e));
    }
  };
  await load();
  panel.scrollIntoView({ block: "nearest" });
}
