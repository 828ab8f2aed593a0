// The curators' review queue: what members registered or changed since it was last verified,
// each change shown field by field in the reader's language, approved or rejected with a reason.
import { api, must, type Schemas } from "../../api/client";
import { fill, h, orgLink, sourceRef } from "../../dom";
import { select } from "../../forms";
import { t } from "../../i18n";
import { fieldName, RD_KIND, RECORD_KIND, REL_KIND, REVIEW_STATUS, SCALE, SEGMENT_ROLE, TAG, TRANSFER_MODE, type Labels } from "../../labels";
import { failure, when } from "../../ui";

// Fields whose values are codes: shown by their words.
const CODED: Record<string, Labels<string>> = {
  scale: SCALE as Labels<string>,
  tags: TAG as Labels<string>,
  rd_kind: RD_KIND as Labels<string>,
  kind: REL_KIND as Labels<string>,
  mode: TRANSFER_MODE as Labels<string>,
  role: SEGMENT_ROLE as Labels<string>,
};

/** A field's value as a reader should see it. */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return t("cleared");
  if (typeof value === "boolean") return t(value ? "yes" : "no");
  const coded = CODED[field];
  if (Array.isArray(value)) return value.map((v) => valueText(field, v)).join("、");
  if (coded && typeof value === "string") return coded.text(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export async function reviewQueue(body: HTMLElement): Promise<void> {
  const owner = h("input", { "data-testid": "queue-owner" });
  const kind = select([["", "—"], ...RECORD_KIND.values.map((k): [string, string] => [k, RECORD_KIND.text(k)])]);
  const list = h("div", {});
  // Only the latest filter's answer is drawn: an earlier, slower one must not replace it.
  let asked = 0;
  const load = async () => {
    const ticket = ++asked;
    const query = { limit: 100, owner: owner.value.trim() || undefined, kind: (kind.value || undefined) as Schemas["RecordKind"] | undefined };
    try {
      const queue = await must(api.GET("/api/v1/review", { params: { query } }));
      if (ticket === asked) fill(list, queueTable(queue));
    } catch (e) {
      if (ticket === asked) fill(list, failure(e));
    }
  };
  fill(
    body,
    h(
      "form",
      { class: "controls", onsubmit: (e: Event) => { e.preventDefault(); void load(); } },
      h("label", {}, t("member_org"), owner),
      h("label", {}, t("record_type"), kind),
      h("button", { type: "submit", "data-testid": "queue-filter" }, t("filter")),
    ),
    list,
  );
  await load();
}

function changeList(item: Schemas["ReviewItem"]): HTMLElement[] {
  const changes = Object.entries(item.changes as Record<string, { from: unknown; to: unknown }>);
  return changes.map(([f, c]) =>
    h("div", { class: "change", "data-field": f }, h("strong", {}, fieldName(f)), `：${valueText(f, c.from)} → ${valueText(f, c.to)}`),
  );
}

function queueRow(item: Schemas["ReviewItem"]): HTMLElement {
  const reason = h("input", { placeholder: t("reject_reason"), "aria-label": t("reject_reason"), "data-testid": "reject-reason" });
  const outcome = h("span", { "data-testid": "outcome" });
  const decide = async (decision: Schemas["Decision"]) => {
    try {
      await must(
        api.POST("/api/v1/review/{kind}/{id}", {
          params: { path: { kind: item.kind, id: item.id } },
          body: { decision, reason: decision === "reject" ? reason.value.trim() : null },
        }),
      );
      fill(outcome, REVIEW_STATUS.text(decision === "approve" ? "verified" : "rejected"));
    } catch (e) {
      fill(outcome, failure(e));
    }
  };
  return h(
    "tr",
    { "data-id": item.id },
    h("td", {}, item.kind === "relationship" ? item.title : orgLink(item.id, item.title, item.kind)),
    h("td", {}, RECORD_KIND.text(item.kind)),
    h("td", {}, item.owner ?? ""),
    h("td", {}, when(item.since)),
    h("td", {}, sourceRef(item.source, item.source ?? "")),
    h(
      "td",
      {},
      item.new ? t("new_record") : null,
      changeList(item),
      item.disputes.map((d) => h("div", { class: "disputed", "data-testid": "disputed" }, `${t("disputed_by")} ${d.by_owner}：${d.reason}`)),
    ),
    h(
      "td",
      { class: "decide" },
      h("button", { "data-testid": "approve", onclick: () => void decide("approve") }, t("approve")),
      reason,
      h("button", { "data-testid": "reject", onclick: () => void decide("reject") }, t("reject")),
      outcome,
    ),
  );
}

function queueTable(queue: Schemas["ReviewItem"][]): HTMLElement {
  if (queue.length === 0) return h("p", { class: "empty", "data-testid": "queue-empty" }, t("queue_empty"));
  return h(
    "table",
    { class: "list", "data-testid": "queue" },
    h("thead", {}, h("tr", {}, [t("record"), t("record_type"), t("owner"), t("since"), t("source"), t("changed"), t("decision")].map((x) => h("th", {}, x)))),
    h("tbody", {}, queue.map(queueRow)),
  );
}
