// 技术对接: which R&D sources outside the target region have technology for a chain link, and
// which firms in the target (in that link, or one it feeds) could use it but have no transfer or
// cooperation with them yet — each pair ranked with the reason for its score.
import { api, must, type Schemas } from "../api/client";
import { h, orgLink, sourceRef } from "../dom";
import { fmt, nameOf, t } from "../i18n";
import { SCALE, STAGE } from "../labels";
import { chainPicker, regionNames, segmentNames, setParam, targetPicker } from "../ui";

export async function renderMatches(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const chain = (params.get("chain") ?? "hydrogen") as Schemas["ChainId"];
  const region = params.get("region") ?? "130000";
  const detail = await must(api.GET("/api/v1/chains/{id}", { params: { path: { id: chain } } }));
  const link = detail.links.some((l) => l.id === params.get("link")) ? params.get("link")! : detail.links[0]!.id;
  const [answer, names, linkName] = await Promise.all([
    must(api.GET("/api/v1/chains/{id}/matches", { params: { path: { id: chain }, query: { link, region, limit: 50 } } })),
    regionNames(),
    segmentNames(),
  ]);
  const links = h(
    "select",
    { "data-testid": "match-link", onchange: (e: Event) => setParam("link", (e.target as HTMLSelectElement).value) },
    detail.links.map((l) => h("option", { value: l.id, selected: l.id === link }, `${STAGE.text(l.stage)} · ${nameOf(l)}`)),
  );
  const where = (code: string | null | undefined) => h("span", { class: "where" }, names(code));
  root.append(
    h("div", { class: "controls" }, await chainPicker(chain), h("label", {}, t("link"), links), await targetPicker(region)),
    h("p", { class: "hint" }, t("matches_hint")),
    answer.matches.length === 0
      ? h("p", { class: "empty", "data-testid": "no-matches" }, t("none"))
      : h(
          "div",
          { class: "scroll" },
          h(
            "table",
            { class: "list", "data-testid": "matches" },
            h("thead", {}, h("tr", {}, [t("rank"), t("rd_source"), t("technology"), t("firm"), t("score"), t("reason")].map((x) => h("th", {}, x)))),
            h(
              "tbody",
              {},
              answer.matches.map((m) =>
                h(
                  "tr",
                  {},
                  h("td", { class: "number" }, m.rank),
                  h("td", {}, orgLink(m.rd_source.id, m.rd_source.name_zh, "rd_source"), where(m.rd_source.region_code)),
                  h("td", {}, `${m.capability.technology} · TRL ${m.capability.readiness} `, sourceRef(m.capability.source, t("source"))),
                  h("td", {}, orgLink(m.firm.id, m.firm.name_zh), where(m.firm.region_code), h("div", { class: "where" }, linkName(m.firm_link))),
                  h("td", { class: "number" }, m.score.toFixed(2)),
                  h("td", { class: "reason" }, matchReason(m)),
                ),
              ),
            ),
          ),
        ),
  );
}

/** Why a pair scores what it does, from its factors (the API's English `reason` is for tools). */
function matchReason(m: Schemas["Match"]): string {
  const f = m.factors;
  return fmt("match_reason", {
    readiness: f.readiness,
    fit: f.same_link ? t("match_same_link") : fmt("match_fed_link", { fit: f.fit }),
    evidence: f.evidence === 1 ? t("match_evidence") : fmt("match_no_evidence", { evidence: f.evidence }),
    scale: m.firm.scale ? SCALE.text(m.firm.scale) : t("scale_unknown"),
    size: Number(f.size.toFixed(3)),
  });
}
