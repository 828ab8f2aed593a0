// Recording a relationship: both ends picked by type-ahead (a relocation's other end is the
// region left), and the fields the kind takes.
import { api, must, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { field, recordForm, select } from "../../forms";
import { nameOf, t } from "../../i18n";
import { fieldName, REL_KIND, TRANSFER_MODE } from "../../labels";
import { typeAhead } from "../../typeahead";
import { allRegions, badge } from "../../ui";

type KindField = "product" | "technology" | "mode" | "year" | "share" | "topic" | "scope";

// The fields each kind takes, as the API's rules for NewRelationship state them (docs/API.md);
// keys typed by the contract, so a kind the API adds fails the build until it is placed here.
const KIND_FIELDS: Record<Schemas["RelKind"], KindField[]> = {
  transfers_technology: ["technology", "mode", "year"],
  supplies: ["product"],
  incubates: ["year"],
  invests_in: ["share", "year"],
  branch_of: ["year"],
  cooperates_with: ["topic", "year"],
  relocated_from: ["year", "scope"],
};

const NUMBERS: readonly KindField[] = ["year", "share"];

export async function recordRelationship(body: HTMLElement): Promise<void> {
  const kind = select(REL_KIND.values.map((k) => [k, REL_KIND.text(k)]));
  kind.dataset.testid = "rel-kind";
  const from = await typeAhead("from", t("from"), "");
  const to = await typeAhead("to", t("to"), "");
  // A relocation ends at the region left, not at an organisation.
  const regionLeft = select([["", "—"], ...(await allRegions()).filter((r) => r.level !== "district").map((r): [string, string] => [r.code, nameOf(r)])]);
  regionLeft.dataset.testid = "rel-region-left";
  const inputs: Record<KindField, HTMLInputElement | HTMLSelectElement> = {
    product: h("input", { "data-testid": "rel-product" }),
    technology: h("input", {}),
    mode: select([["", "—"], ...TRANSFER_MODE.values.map((m): [string, string] => [m, TRANSFER_MODE.text(m)])]),
    year: h("input", { type: "number", min: 1949, max: 2100, "data-testid": "rel-year" }),
    share: h("input", { type: "number", step: "0.01", min: 0, max: 1 }),
    topic: h("input", {}),
    scope: h("input", {}),
  };
  inputs.mode.dataset.testid = "rel-mode";
  const source = h("input", { "data-testid": "rel-source" });
  const done = h("div", { "data-testid": "recorded" });
  const extra = h("div", {});
  const target = h("div", {});
  const current = () => kind.value as Schemas["RelKind"];
  const showFields = () => {
    fill(extra, KIND_FIELDS[current()].map((name) => field(name, fieldName(name), inputs[name])));
    fill(target, current() === "relocated_from" ? field("target_id", t("relocated_to_region"), regionLeft) : field("target_id", t("to"), to.box));
  };
  kind.addEventListener("change", showFields);
  showFields();
  const send = async () => {
    const k = current();
    const values: Partial<Record<KindField, string | number>> = {};
    for (const name of KIND_FIELDS[k]) {
      const v = inputs[name].value.trim();
      if (v) values[name] = NUMBERS.includes(name) ? Number(v) : v;
    }
    const targetId = k === "relocated_from" ? regionLeft.value : (to.input.dataset.id ?? "");
    const input = { kind: k, source_id: from.input.dataset.id ?? "", target_id: targetId, source: source.value.trim(), ...values } as Schemas["NewRelationship"];
    const recorded = await must(api.POST("/api/v1/relationships", { body: input }));
    fill(done, h("p", {}, t("recorded"), " ", `${recorded.source_name_zh} → ${recorded.target_name_zh ?? recorded.target_id}`, " ", badge("unverified")));
  };
  const form = recordForm(
    h("h2", {}, t("tab_relationship")),
    [field("kind", t("kinds"), kind), field("source_id", t("from"), from.box), target, extra, field("source", t("source"), source, t("source_hint"))],
    { text: t("record_it"), testid: "record" },
    send,
  );
  fill(body, form, done);
}
