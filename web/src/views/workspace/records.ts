// A member's own records, with where each stands in review.
import { api, must, type Schemas } from "../../api/client";
import { fill, h, orgLink } from "../../dom";
import { t } from "../../i18n";
import { RECORD_KIND, REVIEW_STATUS } from "../../labels";
import { when } from "../../ui";
import { duplicates } from "./duplicates";

export function status(s: Schemas["ReviewStatus"], reason?: string | null): HTMLElement {
  return h("span", { class: `badge badge-${s}`, "data-testid": "status" }, REVIEW_STATUS.text(s), reason ? `：${reason}` : "");
}

export async function myRecords(body: HTMLElement): Promise<void> {
  const records = await must(api.GET("/api/v1/me/records"));
  if (records.length === 0) return fill(body, h("p", { class: "empty" }, t("none")));
  fill(
    body,
    h("h2", {}, t("tab_records")),
    h(
      "table",
      { class: "list", "data-testid": "my-records" },
      h("thead", {}, h("tr", {}, [t("record"), t("record_type"), t("status"), t("updated")].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        records.map((r) =>
          h(
            "tr",
            { "data-id": r.id },
            h("td", {}, r.kind === "relationship" ? r.title : orgLink(r.id, r.title, r.kind)),
            h("td", {}, RECORD_KIND.text(r.kind)),
            h("td", {}, status(r.status, r.reason)),
            h("td", {}, when(r.updated_at)),
          ),
        ),
      ),
    ),
    h("h2", {}, t("possible_duplicates")),
    await duplicates(false),
  );
}
