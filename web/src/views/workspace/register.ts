// Registering an enterprise or an R&D source: the USCC checked as it is typed, a code already
// held shown with its holder (and a dispute of that registration), similar names listed.
import { api, must, type Schemas } from "../../api/client";
import { fill, h, orgLink, route, type Children } from "../../dom";
import { field, recordForm, select, setFieldError } from "../../forms";
import { nameOf, t } from "../../i18n";
import { RD_KIND, ROLE, SCALE, TAG } from "../../labels";
import { checkUscc, usccProblemText } from "../../uscc";
import { allRegions, badge } from "../../ui";
import { chainLinkForm, disputeForm } from "./widgets";

/** Region pickers: province → city → district; the value is the deepest one chosen. */
export async function regionPicker(onChange: (code: string) => void): Promise<{ box: HTMLElement; value: () => string }> {
  const regions = await allRegions();
  const children = (parent: string | null) => regions.filter((r) => (r.parent ?? null) === parent);
  const levels = (["province", "city", "district"] as const).map((level) =>
    h("select", { "data-testid": `region-${level}`, "aria-label": `${t("region")} · ${t(`region_${level}`)}` }),
  );
  const value = () => [...levels].reverse().map((s) => s.value).find((v) => v) ?? "";
  const fillLevel = (i: number, parent: string | null) => {
    const options = children(parent);
    fill(levels[i]!, h("option", { value: "" }, "—"), options.map((r) => h("option", { value: r.code }, nameOf(r))));
    levels[i]!.disabled = options.length === 0;
    for (let j = i + 1; j < levels.length; j++) fillLevel(j, "\u0000");
  };
  fillLevel(0, null);
  levels.forEach((picker, i) =>
    picker.addEventListener("change", () => {
      if (i + 1 < levels.length) fillLevel(i + 1, picker.value || "\u0000");
      onChange(value());
    }),
  );
  return { box: h("span", { class: "region-picker" }, levels), value };
}

/** The parks of a region and of the regions above it. */
function parksOf(regions: Schemas["Region"][], code: string): Schemas["ParkRef"][] {
  const chain: string[] = [];
  for (let c: string | null | undefined = code; c; c = regions.find((r) => r.code === c)?.parent) chain.push(c);
  return regions.filter((r) => chain.includes(r.code)).flatMap((r) => r.parks);
}

/** A park picker that follows the region picked. */
async function regionAndPark(): Promise<{ regionBox: HTMLElement; region: () => string; park: HTMLSelectElement }> {
  const regions = await allRegions();
  const park = select([["", "—"]]);
  park.dataset.testid = "park";
  const { box: regionBox, value: region } = await regionPicker((code) => {
    fill(park, h("option", { value: "" }, "—"), parksOf(regions, code).map((p) => h("option", { value: p.id }, p.name_zh)));
  });
  return { regionBox, region, park };
}

export async function registerEnterprise(body: HTMLElement): Promise<void> {
  const uscc = h("input", { autocomplete: "off", maxlength: 18, "data-testid": "uscc" });
  const name = h("input", { "data-testid": "name_zh" });
  const nameEn = h("input", {});
  const { regionBox, region, park } = await regionAndPark();
  const similar = h("div", { class: "similar", "data-testid": "similar" });
  const holder = h("div", { class: "holder", "data-testid": "uscc-holder" });
  const scale = select([["", "—"], ...SCALE.values.map((s): [string, string] => [s, SCALE.text(s)])]);
  const tags = TAG.values.map((x) => h("label", { class: "check" }, h("input", { type: "checkbox", value: x }), TAG.text(x)));
  const description = h("textarea", { rows: 2 });
  const source = h("input", { "data-testid": "source" });
  const done = h("div", { class: "done", "data-testid": "registered" });

  const form = recordForm(
    h("h2", {}, t("tab_enterprise")),
    [
      field("uscc", t("uscc"), uscc, t("uscc_hint")),
      holder,
      field("name_zh", t("name_zh"), name),
      similar,
      field("name_en", t("name_en"), nameEn),
      field("region", t("region"), regionBox),
      field("park", t("park"), park),
      field("scale", t("scale"), scale),
      h("fieldset", { class: "field", "data-field": "tags" }, h("legend", {}, t("tags")), tags, h("p", { class: "field-error", role: "alert" })),
      field("description", t("description"), description),
      field("source", t("source"), source, t("source_hint")),
    ],
    { text: t("register"), testid: "register" },
    () => register(),
    (c) => alreadyHeld(c.existingId, null, null),
  );

  const showUscc = (settledOnly: boolean) => {
    const problem = uscc.value ? checkUscc(uscc.value) : null;
    // While typing, only what more characters cannot fix.
    const settled = problem && (!settledOnly || uscc.value.length >= 18 || problem.rule === "alphabet");
    setFieldError(form, "uscc", settled ? usccProblemText(problem) : null);
    return problem;
  };
  uscc.addEventListener("input", async () => {
    uscc.value = uscc.value.toUpperCase();
    fill(holder);
    const problem = showUscc(true);
    if (uscc.value.length === 18 && !problem) {
      const existing = await must(api.GET("/api/v1/uscc/{uscc}", { params: { path: { uscc: uscc.value } } })).catch(() => null);
      if (existing) fill(holder, alreadyHeld(existing.id, existing.name_zh, existing.owner));
    }
  });
  uscc.addEventListener("blur", () => showUscc(false));
  name.addEventListener("change", async () => {
    fill(similar);
    if (!name.value.trim()) return;
    const page = await must(api.GET("/api/v1/enterprises", { params: { query: { q: name.value.trim(), limit: 5 } } })).catch(() => null);
    if (page?.items.length) {
      fill(similar, h("p", {}, t("similar_names")), h("ul", {}, page.items.map((o) => h("li", {}, orgLink(o.id, o.name_zh)))));
    }
  });
  async function register(): Promise<void> {
    fill(done);
    if (showUscc(false)) return;
    const chosen = tags.map((l) => l.querySelector("input")!).filter((i) => i.checked).map((i) => i.value as Schemas["Tag"]);
    const input: Schemas["NewEnterprise"] = {
      uscc: uscc.value,
      name_zh: name.value.trim(),
      region: region(),
      name_en: nameEn.value.trim() || null,
      park: park.value || null,
      scale: (scale.value || null) as Schemas["Scale"] | null,
      tags: chosen,
      description: description.value.trim() || null,
      source: source.value.trim() || null,
    };
    const registered = await must(api.POST("/api/v1/enterprises", { body: input }));
    fill(
      done,
      h("p", {}, t("registered"), " ", route(`/org/${encodeURIComponent(registered.id)}`, registered.name_zh), " ", badge("unverified")),
      registered.possible_duplicates.length
        ? h("p", {}, t("similar_names"), registered.possible_duplicates.map((d) => h("span", { class: "supplier" }, route(`/org/${encodeURIComponent(d.id)}`, d.name_zh))))
        : null,
      await chainLinkForm(registered.id),
    );
    form.querySelectorAll<HTMLInputElement>("input:not([type=checkbox]), textarea").forEach((x) => (x.value = ""));
  }
  // The registration's outcome and its chain-link form sit after the form, not inside it.
  fill(body, form, done);
}

export async function registerRdSource(body: HTMLElement): Promise<void> {
  const kind = select(RD_KIND.values.map((k) => [k, RD_KIND.text(k)]));
  kind.dataset.testid = "rd-kind";
  const name = h("input", { "data-testid": "rd-name_zh" });
  const nameEn = h("input", {});
  const { regionBox, region, park } = await regionAndPark();
  const description = h("textarea", { rows: 2 });
  const source = h("input", {});
  const done = h("div", { "data-testid": "rd-registered" });
  const form = recordForm(
    h("h2", {}, t("tab_rd_source")),
    [
      field("rd_kind", t("rd_kind"), kind),
      field("name_zh", t("name_zh"), name),
      field("name_en", t("name_en"), nameEn),
      field("region", t("region"), regionBox),
      field("park", t("park"), park),
      field("description", t("description"), description),
      field("source", t("source"), source, t("source_hint")),
    ],
    { text: t("register"), testid: "register-rd" },
    async () => {
      const input: Schemas["NewRdSource"] = {
        rd_kind: kind.value as Schemas["RdKind"],
        name_zh: name.value.trim(),
        region: region(),
        name_en: nameEn.value.trim() || null,
        park: park.value || null,
        description: description.value.trim() || null,
        source: source.value.trim() || null,
      };
      const registered = await must(api.POST("/api/v1/rd-sources", { body: input }));
      fill(done, h("p", {}, t("registered"), " ", orgLink(registered.id, registered.name_zh, "rd_source"), " ", badge("unverified")));
    },
  );
  fill(body, form, done);
}

/** Who holds a USCC, and a dispute of that registration, sent from here. */
function alreadyHeld(id: string | null, name: string | null, owner: string | null | undefined): Children {
  return h(
    "div",
    { class: "problem", role: "alert", "data-testid": "conflict" },
    h("p", {}, t("uscc_taken"), " ", id ? orgLink(id, name ?? id) : null, owner ? ` (${owner === "admin" ? ROLE.text("admin") : owner})` : ""),
    h("p", {}, t("dispute_hint")),
    id ? disputeForm("enterprise", id) : null,
  );
}
