// Possible duplicates: records whose name and region match another record of their kind
// confidently. A curator merges the duplicate into the other here (two clicks: merge, then
// confirm); a member sees those of its own records and asks a curator to merge them.
import { api, must, type Schemas } from "../../api/client";
import { fill, h, orgLink } from "../../dom";
import { fmt, t } from "../../i18n";
import { ORG_KIND } from "../../labels";
import { failure } from "../../ui";

export async function duplicates(curator: boolean): Promise<HTMLElement> {
  const pairs = await must(api.GET("/api/v1/duplicates", { params: { query: { limit: 200 } } }));
  const hint = h("p", { class: "hint" }, t(curator ? "duplicates_hint_curator" : "duplicates_hint_member"));
  if (pairs.length === 0) return h("div", {}, hint, h("p", { class: "empty" }, t("none")));
  return h(
    "div",
    {},
    hint,
    h(
      "table",
      { class: "list", "data-testid": "duplicates" },
      h("thead", {}, h("tr", {}, [t("record"), t("record_type"), t("looks_like"), t("score"), curator ? t("action") : null].filter((x) => x !== null).map((x) => h("th", {}, x)))),
      h("tbody", {}, pairs.map((p) => pairRow(p, curator))),
    ),
  );
}

function pairRow(p: Schemas["DuplicatePair"], curator: boolean): HTMLElement {
  const cells = [
    h("td", {}, orgLink(p.id, p.name_zh, p.kind)),
    h("td", {}, ORG_KIND.text(p.kind)),
    h("td", {}, orgLink(p.other.id, p.other.name_zh, p.other.kind)),
    h("td", { class: "number" }, p.other.score),
  ];
  const row = h("tr", { "data-id": p.id }, cells);
  if (curator) row.append(h("td", {}, mergeButton(p)));
  return row;
}

function mergeButton(p: Schemas["DuplicatePair"]): HTMLElement {
  const cell = h("span", {});
  const button = h("button", { "data-testid": "merge" }, fmt("merge_into", { name: p.other.name_zh }));
  let armed = false;
  button.addEventListener("click", () => {
    if (!armed) {
      armed = true;
      fill(button, t("merge_confirm"));
      return;
    }
    button.disabled = true;
    const path = p.kind === "rd_source" ? "/api/v1/rd-sources/{id}/merge" : "/api/v1/enterprises/{id}/merge";
    void must(api.POST(path, { params: { path: { id: p.id } }, body: { into: p.other.id } }))
      .then(() => fill(cell, h("span", { "data-testid": "merged" }, fmt("merged_into", { name: p.other.name_zh }))))
      .catch((e) => cell.append(failure(e)));
  });
  cell.append(button);
  return cell;
}
