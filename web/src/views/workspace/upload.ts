// Uploading a member's list: a preview first (nothing written), each row's problems shown by
// line, then the import, optionally skipping the bad rows.
import { api, ApiError, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { fmt, t } from "../../i18n";
import { fieldErrorText, IMPORT_KIND, ROW_STATUS } from "../../labels";
import { failure } from "../../ui";
import enterprisesSample from "../../../../seeds/samples/enterprises.csv?url";
import rdSourcesSample from "../../../../seeds/samples/rd_sources.csv?url";
import relationshipsSample from "../../../../seeds/samples/relationships.csv?url";

// The kinds a member uploads here, each with its sample file (memberships are a curator's import).
const SAMPLES: Partial<Record<Schemas["ImportKind"], string>> = {
  enterprises: enterprisesSample,
  rd_sources: rdSourcesSample,
  relationships: relationshipsSample,
};

export async function upload(body: HTMLElement): Promise<void> {
  const kinds = IMPORT_KIND.values.filter((k) => SAMPLES[k]);
  const kind = h("select", { "data-testid": "upload-kind" }, kinds.map((k) => h("option", { value: k }, IMPORT_KIND.text(k))));
  const file = h("input", { type: "file", accept: ".csv,text/csv", "data-testid": "upload-file" });
  const skip = h("input", { type: "checkbox", "data-testid": "skip-bad-rows" });
  const preview = h("div", { "data-testid": "preview" });
  const sample = h("a", { href: SAMPLES.enterprises!, download: "enterprises.csv" }, t("sample_file"));
  kind.addEventListener("change", () => {
    sample.href = SAMPLES[kind.value as Schemas["ImportKind"]]!;
    sample.download = `${kind.value}.csv`;
  });
  const send = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const bytes = await chosen.arrayBuffer();
    const query = { kind: kind.value as Schemas["ImportKind"], dry_run: dryRun, on_error: (skip.checked ? "skip" : "abort") as Schemas["OnError"] };
    const { data, error, response } = await api.POST("/api/v1/imports", {
      params: { query },
      body: bytes as unknown as string,
      bodySerializer: (b: unknown) => b as BodyInit,
      headers: { "Content-Type": "text/csv" },
    });
    const refused = error as { report?: Schemas["ImportReport"]; detail?: string; errors?: Schemas["FieldError"][] } | undefined;
    const report = (data ?? refused?.report) as Schemas["ImportReport"] | undefined;
    if (!report) throw new ApiError(response.status, refused?.detail ?? response.statusText, refused?.errors ?? []);
    fill(preview, reportTable(report), dryRun ? commit : null);
  };
  const commit = h("button", { "data-testid": "commit", onclick: () => void send(false).catch((e) => preview.append(failure(e))) }, t("commit"));
  fill(
    body,
    h("h2", {}, t("tab_upload")),
    h(
      "div",
      { class: "controls" },
      h("label", {}, t("import_kind"), kind),
      h("label", {}, t("file"), file),
      h("label", { class: "check" }, skip, t("skip_bad_rows")),
      h("button", { "data-testid": "preview-button", onclick: () => void send(true).catch((e) => preview.append(failure(e))) }, t("preview")),
      sample,
    ),
    h("p", { class: "hint" }, t("encoding_hint")),
    preview,
  );
}

function reportTable(report: Schemas["ImportReport"]): HTMLElement {
  const c = report.counts;
  return h(
    "div",
    {},
    h(
      "p",
      { "data-testid": "report-counts" },
      `${report.written ? t("written") : report.dry_run ? t("dry_run") : t("not_written")} · ${t("created")} ${c.created} · ${t("updated_n")} ${c.updated} · ${t("unchanged")} ${c.unchanged} · ${t("rejected")} ${c.rejected}`,
    ),
    h(
      "table",
      { class: "list", "data-testid": "report-rows" },
      h("thead", {}, h("tr", {}, [t("line"), t("status"), t("errors")].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        report.rows.map((r) =>
          h(
            "tr",
            { class: `row-${r.status}` },
            h("td", { class: "number", title: fmt("at_line", { line: r.line }) }, r.line),
            h("td", {}, ROW_STATUS.text(r.status)),
            h("td", {}, (r.errors ?? []).map((e) => h("div", { "data-rule": e.rule }, fieldErrorText(e)))),
          ),
        ),
      ),
    ),
  );
}
