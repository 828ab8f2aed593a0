// Path finder: how one organisation reaches another through recorded relationships (a Beijing
// lab to a Hebei plant), drawn as a graph, each hop with its kind, product or technology, year
// and source.
import { api, must, type Schemas } from "../api/client";
import { chart } from "../charts";
import { h, orgLink, sourceRef } from "../dom";
import { nameOf, t } from "../i18n";
import { REL_KIND, TRANSFER_MODE } from "../labels";
import { typeAhead } from "../typeahead";
import { regionNames } from "../ui";

const KINDS = REL_KIND.values;
const DEFAULT_KINDS = KINDS.slice(0, 5);

export async function renderPaths(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const maxHops = Number(params.get("max_hops") ?? 4);
  const kinds = (params.get("kinds")?.split(",") ?? DEFAULT_KINDS) as Schemas["RelKind"][];
  const names = await regionNames();

  const { box: fromBox, input: fromInput } = await typeAhead("from", t("from"), from, params.get("from_kind"));
  const { box: toBox, input: toInput } = await typeAhead("to", t("to"), to, params.get("to_kind"));
  const kindBoxes = KINDS.map((k) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", value: k, checked: kinds.includes(k) }), REL_KIND.text(k)),
  );
  const hops = h(
    "select",
    { "data-testid": "max-hops" },
    [1, 2, 3, 4, 5, 6].map((n) => h("option", { value: n, selected: n === maxHops }, n)),
  );
  const form = h(
    "form",
    {
      class: "controls paths-form",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const chosen = kindBoxes
          .map((b) => b.querySelector("input")!)
          .filter((i) => i.checked)
          .map((i) => i.value);
        const query = new URLSearchParams({
          from: fromInput.dataset.id ?? "",
          to: toInput.dataset.id ?? "",
          from_kind: fromInput.dataset.kind ?? "",
          to_kind: toInput.dataset.kind ?? "",
          max_hops: hops.value,
          kinds: chosen.join(","),
        });
        window.location.hash = `#/paths?${query}`;
      },
    },
    h("label", {}, t("from"), fromBox),
    h("label", {}, t("to"), toBox),
    h("label", {}, t("max_hops"), hops),
    h("fieldset", {}, h("legend", {}, t("kinds")), kindBoxes),
    h("button", { type: "submit", "data-testid": "find-paths" }, t("find_paths")),
  );
  root.append(form);
  if (!from || !to) return;

  const answer = await must(
    api.GET("/api/v1/paths", { params: { query: { from, to, max_hops: maxHops, kinds: kinds.join(","), k: 5 } } }),
  );
  if (answer.paths.length === 0) {
    root.append(h("p", { class: "empty", "data-testid": "no-paths" }, t("no_paths")));
    return;
  }
  root.append(graph(answer.paths), h("ol", { class: "paths", "data-testid": "paths" }, answer.paths.map((p) => pathItem(p, names))));
}

/** A branch followed from its parent reads "has branch", not "branch of". */
function hopKind(hop: Schemas["Hop"]): string {
  return hop.reversed ? t("reversed_branch_of") : REL_KIND.text(hop.kind);
}

function pathItem(path: Schemas["Path"], names: (code: string | null | undefined) => string): HTMLElement {
  const node = (n: Schemas["PathNode"]) =>
    h("span", { class: "node" }, orgLink(n.id, nameOf(n), n.kind), h("span", { class: "where" }, names(n.region_code)));
  return h(
    "li",
    { class: "path" },
    h(
      "p",
      { class: "evidence" },
      `${path.length} · ${t("evidence")}: ${t("verified")} ${path.evidence.verified_hops}/${path.length}, ${t("source")} ${path.evidence.sources}${path.evidence.latest_year ? `, ${path.evidence.latest_year}` : ""}`,
    ),
    h(
      "ol",
      { class: "hops" },
      path.hops.map((hop) =>
        h(
          "li",
          { class: "hop", "data-testid": "hop" },
          node(hop.from),
          h(
            "span",
            { class: "edge" },
            // A branch followed from its parent reads "has branch", not "branch of".
            `→ ${hopKind(hop)}`,
            [hop.product, hop.technology, hop.mode ? TRANSFER_MODE.text(hop.mode) : null, hop.year].filter(Boolean).map((x) => ` · ${x}`),
            " ",
            sourceRef(hop.source, t("hop_source")),
            " →",
          ),
          node(hop.to),
        ),
      ),
    ),
  );
}

function graph(paths: Schemas["Path"][]): HTMLElement {
  const nodes = new Map<string, Schemas["PathNode"]>();
  const edges = new Map<string, Schemas["Hop"]>();
  for (const p of paths) {
    for (const hop of p.hops) {
      nodes.set(hop.from.id, hop.from);
      nodes.set(hop.to.id, hop.to);
      edges.set(`${hop.from.id}>${hop.to.id}>${hop.kind}`, hop);
    }
  }
  const first = paths[0]!.hops;
  const ends = new Set([first[0]!.from.id, first[first.length - 1]!.to.id]);
  return chart(
    {
      tooltip: {},
      series: [
        {
          type: "graph",
          layout: "force",
          roam: true,
          force: { repulsion: 260, edgeLength: 120 },
          label: { show: true, position: "right" },
          edgeSymbol: ["none", "arrow"],
          edgeLabel: { show: true, formatter: (x: { data: { value: string } }) => x.data.value, fontSize: 11 },
          data: [...nodes.values()].map((n) => ({
            id: n.id,
            name: nameOf(n),
            symbolSize: ends.has(n.id) ? 28 : 18,
            itemStyle: { color: n.kind === "rd_source" ? "#7b5ea7" : "#2f6f9f" },
          })),
          links: [...edges.values()].map((hop) => ({
            source: hop.from.id,
            target: hop.to.id,
            value: [hopKind(hop), hop.product ?? hop.technology ?? "", hop.year ?? ""].filter(Boolean).join(" · "),
          })),
        },
      ],
    },
    "paths-graph",
  );
}
