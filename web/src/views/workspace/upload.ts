// Uploading a member's list (CSV or an Excel workbook): a preview first (nothing written), each
// row's outcome by line — the record a row without a USCC was matched to, or the candidates to
// choose from — then the import of what the user confirmed, optionally skipping the bad rows.
import { api, ApiError, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { fmt, t } from "../../i18n";
import { fieldErrorText, IMPORT_KIND, MATCHED_BY, ROW_STATUS } from "../../labels";
import { failure } from "../../ui";
import enterprisesSample from "../../../../seeds/samples/enterprises.csv?url";
import rdSourcesSample from "../../../../seeds/samples/rd_sources.csv?url";
import relationshipsSample from "../../../../seeds/samples/relationships.csv?url";
import enterpriseWorkbook from "../../../../seeds/samples/enterprise_list.xlsx?url";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The content type to send a chosen file as: a workbook by its name, else CSV. */
function contentType(file: File): string {
  return /\.(xlsx|xls|ods)$/i.test(file.name) ? XLSX : "text/csv";
}

// The kinds a member uploads here, each with its sample file (memberships are a curator's import).
const SAMPLES: Partial<Record<Schemas["ImportKind"], string>> = {
  enterprises: enterprisesSample,
  rd_sources: rdSourcesSample,
  relationships: relationshipsSample,
};

export async function upload(body: HTMLElement): Promise<void> {
  const kinds = IMPORT_KIND.values.filter((k) => SAMPLES[k]);
  const kind = h("select", { "data-testid": "upload-kind" }, kinds.map((k) => h("option", { value: k }, IMPORT_KIND.text(k))));
  const file = h("input", { type: "file", accept: `.csv,.xlsx,.xls,.ods,text/csv,${XLSX}`, "data-testid": "upload-file" });
  const sheet = h("input", { type: "text", maxlength: "31", "data-testid": "upload-sheet" });
  // Line → the record chosen for it (an id, or "new"), sent as `choose`.
  const choices = new Map<number, string>();
  const skip = h("input", { type: "checkbox", "data-testid": "skip-bad-rows" });
  const preview = h("div", { "data-testid": "preview" });
  const sample = h("a", { href: SAMPLES.enterprises!, download: "enterprises.csv" }, t("sample_file"));
  const workbook = h("a", { href: enterpriseWorkbook, download: "enterprise_list.xlsx", "data-testid": "sample-workbook" }, t("sample_workbook"));
  kind.addEventListener("change", () => {
    sample.href = SAMPLES[kind.value as Schemas["ImportKind"]]!;
    sample.download = `${kind.value}.csv`;
    workbook.hidden = kind.value !== "enterprises";
    choices.clear();
  });
  file.addEventListener("change", () => choices.clear());
  const send = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const bytes = await chosen.arrayBuffer();
    const choose = [...choices].map(([line, choice]) => `${line}:${choice}`).join(",");
    const query = {
      kind: kind.value as Schemas["ImportKind"],
      dry_run: dryRun,
      on_error: (skip.checked ? "skip" : "abort") as Schemas["OnError"],
      ...(sheet.value.trim() ? { sheet: sheet.value.trim() } : {}),
      ...(choose ? { choose } : {}),
    };
    const { data, error, response } = await api.POST("/api/v1/imports", {
      params: { query },
      body: bytes as unknown as string,
      bodySerializer: (b: unknown) => b as BodyInit,
      headers: { "Content-Type": contentType(chosen) },
    });
    const refused = error as { report?: Schemas["ImportReport"]; detail?: string; errors?: Schemas["FieldError"][] } | undefined;
    const report = (data ?? refused?.report) as Schemas["ImportReport"] | undefined;
    if (!report) throw new ApiError(response.status, refused?.detail ?? response.statusText, refused?.errors ?? []);
    fill(preview, reportTable(report, choices), dryRun ? commit : null);
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
      h("label", {}, t("sheet"), sheet),
      h("label", { class: "check" }, skip, t("skip_bad_rows")),
      h("button", { "data-testid": "preview-button", onclick: () => void send(true).catch((e) => preview.append(failure(e))) }, t("preview")),
      sample,
      workbook,
    ),
    h("p", { class: "hint" }, t("encoding_hint")),
    preview,
  );
}

function reportTable(report: Schemas["ImportReport"], choices: Map<number, string>): HTMLElement {
  const c = report.counts;
  const choosing = report.rows.some((r) => (r.candidates ?? []).length > 0);
  return h(
    "div",
    {},
    h(
      "p",
      { "data-testid": "report-counts" },
      `${report.written ? t("written") : report.dry_run ? t("dry_run") : t("not_written")} · ${t("created")} ${c.created} · ${t("updated_n")} ${c.updated} · ${t("unchanged")} ${c.unchanged} · ${t("rejected")} ${c.rejected}`,
    ),
    choosing ? h("p", { class: "hint" }, t("choose_hint")) : null,
    h(
      "table",
      { class: "list", "data-testid": "report-rows" },
      h("thead", {}, h("tr", {}, [t("line"), t("status"), t("match"), t("errors")].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        report.rows.map((r) =>
          h(
            "tr",
            { class: `row-${r.status}`, "data-line": String(r.line) },
            h("td", { class: "number", title: fmt("at_line", { line: r.line }) }, r.line),
            h("td", {}, ROW_STATUS.text(r.status)),
            h("td", { "data-testid": "row-match" }, matchCell(r, choices)),
            h("td", {}, (r.errors ?? []).map((e) => h("div", { "data-rule": e.rule }, fieldErrorText(e)))),
          ),
        ),
      ),
    ),
  );
}

/** The record a row was matched to; or, when it was reconciled and not matched, a choice. */
function matchCell(r: Schemas["RowReport"], choices: Map<number, string>): HTMLElement | string {
  if (r.matched && r.id) {
    const score = r.matched.score != null ? ` · ${fmt("match_score", { score: r.matched.score })}` : "";
    return h("span", {}, h("a", { href: `#/org/${encodeURIComponent(r.id)}` }, r.matched.name_zh), ` (${MATCHED_BY.text(r.matched.by)}${score})`);
  }
  const candidates = r.candidates ?? [];
  if (candidates.length === 0) return "";
  const select = h(
    "select",
    { "aria-label": fmt("choose_row", { line: r.line }), "data-testid": "choose" },
    h("option", { value: "" }, t("choose_none")),
    candidates.map((k) => h("option", { value: k.id }, `${k.name_zh} · ${fmt("match_score", { score: k.score })}`)),
    h("option", { value: "new" }, t("choose_new")),
  );
  select.value = choices.get(r.line) ?? "";
  select.addEventListener("change", () => {
    if (select.value) choices.set(r.line, select.value);
    else choices.delete(r.line);
  });
  return h("span", {}, h("span", { class: "muted" }, `${t("no_match")} `), select);
}
