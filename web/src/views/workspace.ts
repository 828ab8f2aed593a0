// The member workspace and the admin's review work, in the same page as the explorer. A member
// signs in with the member key their alliance was given (kept for this tab only); what the key
// may do decides which tabs show. Every write goes through the public API, which enforces the
// same rules again.
import { api, ApiError, must, storedKey, storeKey, type Schemas } from "../api/client";
import { fill, h, orgLink, route, sourceRef, type Children } from "../dom";
import { field, recordForm, select, setFieldError } from "../forms";
import { label, nameOf, t } from "../i18n";
import { allChains, allRegions, badge, failure, setParam } from "../ui";
import { typeAhead } from "./paths";
import { checkUscc } from "../uscc";
import enterprisesSample from "../../../seeds/samples/enterprises.csv?url";
import rdSourcesSample from "../../../seeds/samples/rd_sources.csv?url";
import relationshipsSample from "../../../seeds/samples/relationships.csv?url";


const MEMBER_TABS = ["records", "enterprise", "rd_source", "relationship", "upload"] as const;
const ADMIN_TABS = ["review", "keys", "upload"] as const;

export async function renderWorkspace(root: HTMLElement, params: URLSearchParams): Promise<void> {
  // Asked directly: a refused key is answered here, not by the explorer's key prompt.
  const me = storedKey() ? ((await api.GET("/api/v1/me")).data ?? null) : null;
  if (!me || me.role === "reader") {
    root.append(signIn(me !== null));
    return;
  }
  const tabs: readonly string[] = me.role === "admin" ? ADMIN_TABS : MEMBER_TABS;
  const tab = tabs.includes(params.get("tab") ?? "") ? params.get("tab")! : tabs[0]!;
  const body = h("div", { class: "tab-body" });
  root.append(
    h(
      "div",
      { class: "whoami", "data-testid": "whoami" },
      `${t(me.role === "admin" ? "role_admin" : "role_member")}${me.member_org ? ` · ${me.member_org}` : ""}`,
      h("button", { class: "link", onclick: () => { storeKey(null); window.location.reload(); } }, t("sign_out")),
    ),
    h(
      "nav",
      { class: "tabs" },
      tabs.map((x) => h("a", { href: `#/workspace?tab=${x}`, class: x === tab ? "active" : null, "data-testid": `tab-${x}` }, t(`tab_${x}` as never))),
    ),
    body,
  );
  const views: Record<string, () => Promise<void>> = {
    records: () => myRecords(body),
    enterprise: () => registerEnterprise(body),
    rd_source: () => registerRdSource(body),
    relationship: () => recordRelationship(body),
    upload: () => upload(body),
    review: () => reviewQueue(body),
    keys: () => keys(body),
  };
  await views[tab]!();
}

function signIn(refused: boolean): HTMLElement {
  const input = h("input", { type: "password", autocomplete: "off", "data-testid": "member-key" });
  return h(
    "form",
    {
      class: "sign-in",
      onsubmit: (e: Event) => {
        e.preventDefault();
        storeKey(input.value.trim());
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      },
    },
    h("h2", {}, t("workspace")),
    h("p", {}, t("sign_in_hint")),
    refused ? h("p", { class: "problem", role: "alert" }, t("key_not_member")) : null,
    field("key", t("key_label"), input),
    h("button", { type: "submit", "data-testid": "sign-in" }, t("sign_in")),
  );
}

function status(s: Schemas["ReviewStatus"], reason?: string | null): HTMLElement {
  return h("span", { class: `badge badge-${s}`, "data-testid": "status" }, label(s, "status_"), reason ? `：${reason}` : "");
}

async function myRecords(body: HTMLElement): Promise<void> {
  const records = await must(api.GET("/api/v1/me/records"));
  if (records.length === 0) return fill(body, h("p", { class: "empty" }, t("none")));
  fill(
    body,
    h(
      "table",
      { class: "list", "data-testid": "my-records" },
      h("thead", {}, h("tr", {}, [t("record"), t("kinds"), t("status"), t("updated")].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        records.map((r) =>
          h(
            "tr",
            { "data-id": r.id },
            h("td", {}, r.kind === "relationship" ? r.title : orgLink(r.id, r.title, r.kind)),
            h("td", {}, label(r.kind, "record_")),
            h("td", {}, status(r.status, r.reason)),
            h("td", {}, (r.updated_at ?? "").slice(0, 19).replace("T", " ")),
          ),
        ),
      ),
    ),
  );
}

/** Region pickers: province → city → district; the value is the deepest one chosen. */
async function regionPicker(onChange: (code: string) => void): Promise<{ box: HTMLElement; value: () => string }> {
  const regions = await allRegions();
  const children = (parent: string | null) => regions.filter((r) => (r.parent ?? null) === parent);
  const levels = [h("select", { "data-testid": "region-province" }), h("select", { "data-testid": "region-city" }), h("select", { "data-testid": "region-district" })];
  const value = () => [...levels].reverse().map((s) => s.value).find((v) => v) ?? "";
  const fillLevel = (i: number, parent: string | null) => {
    const options = parent === undefined ? [] : children(parent);
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

async function registerEnterprise(body: HTMLElement): Promise<void> {
  const regions = await allRegions();
  const uscc = h("input", { autocomplete: "off", maxlength: 18, "data-testid": "uscc" });
  const name = h("input", { "data-testid": "name_zh" });
  const nameEn = h("input", {});
  const park = select([["", "—"]]);
  park.dataset.testid = "park";
  const similar = h("div", { class: "similar", "data-testid": "similar" });
  const holder = h("div", { class: "holder", "data-testid": "uscc-holder" });
  const { box: regionBox, value: region } = await regionPicker((code) => {
    fill(park, h("option", { value: "" }, "—"), parksOf(regions, code).map((p) => h("option", { value: p.id }, p.name_zh)));
  });
  const scale = select([["", "—"], ...(["large", "medium", "small", "micro"] as const).map((s): [string, string] => [s, label(s, "scale_")])]);
  const tags = (["chain_leader", "little_giant", "high_tech"] as const).map((x) => h("label", { class: "check" }, h("input", { type: "checkbox", value: x }), label(x, "tag_")));
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
    field("tags", t("tags"), h("span", {}, tags)),
    field("description", t("description"), description),
    field("source", t("source"), source, t("source_hint"))
    ],
    { text: t("register"), testid: "register" },
    () => register(),
    (c) => alreadyHeld(c.existingId, null, null, c.message),
  );

  uscc.addEventListener("input", async () => {
    uscc.value = uscc.value.toUpperCase();
    fill(holder);
    const problem = uscc.value ? checkUscc(uscc.value) : null;
    // While typing, only what more characters cannot fix.
    const settled = problem && (uscc.value.length >= 18 || problem.rule === "alphabet");
    setFieldError(form, "uscc", settled ? `${problem.message} (${problem.rule})` : null);
    if (uscc.value.length === 18 && !problem) {
      const existing = await must(api.GET("/api/v1/uscc/{uscc}", { params: { path: { uscc: uscc.value } } })).catch(() => null);
      if (existing) fill(holder, alreadyHeld(existing.id, existing.name_zh, existing.owner));
    }
  });
  uscc.addEventListener("blur", () => {
    const problem = uscc.value ? checkUscc(uscc.value) : null;
    setFieldError(form, "uscc", problem ? `${problem.message} (${problem.rule})` : null);
  });
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
    const problem = checkUscc(uscc.value);
    if (problem) return setFieldError(form, "uscc", `${problem.message} (${problem.rule})`);
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

/** The parks of a region and of the regions above it. */
function parksOf(regions: Schemas["Region"][], code: string): Schemas["ParkRef"][] {
  const chain: string[] = [];
  for (let c: string | null | undefined = code; c; c = regions.find((r) => r.code === c)?.parent) chain.push(c);
  return regions.filter((r) => chain.includes(r.code)).flatMap((r) => r.parks);
}

async function registerRdSource(body: HTMLElement): Promise<void> {
  const regions = await allRegions();
  const kinds = ["university", "institute", "national_key_lab", "key_lab", "innovation_centre", "enterprise_rd_centre"] as const;
  const kind = select(kinds.map((k) => [k, label(k, "rd_")]));
  kind.dataset.testid = "rd-kind";
  const name = h("input", { "data-testid": "rd-name_zh" });
  const nameEn = h("input", {});
  const park = select([["", "—"]]);
  const { box: regionBox, value: region } = await regionPicker((code) =>
    fill(park, h("option", { value: "" }, "—"), parksOf(regions, code).map((p) => h("option", { value: p.id }, p.name_zh))),
  );
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
function alreadyHeld(id: string | null, name: string | null, owner: string | null | undefined, detail?: string): Children {
  return h(
    "div",
    { class: "problem", role: "alert", "data-testid": "conflict" },
    h("p", {}, detail ?? t("uscc_taken"), " ", id ? orgLink(id, name ?? id) : null, owner ? ` (${owner})` : ""),
    h("p", {}, t("dispute_hint")),
    id ? disputeForm("enterprise", id) : null,
  );
}

/** Disputes a record: it goes to the curators' queue with the reason. */
export function disputeForm(kind: Schemas["RecordKind"], id: string): HTMLElement {
  const reason = h("input", { placeholder: t("dispute_reason"), "data-testid": "dispute-reason" });
  const outcome = h("span", { "data-testid": "dispute-outcome" });
  const send = h(
    "button",
    {
      type: "button",
      "data-testid": "dispute",
      onclick: async () => {
        try {
          await must(api.POST("/api/v1/disputes", { body: { kind, id, reason: reason.value.trim() } }));
          fill(outcome, t("dispute_sent"));
          send.disabled = true;
        } catch (e) {
          fill(outcome, failure(e));
        }
      },
    },
    t("dispute"),
  );
  return h("div", { class: "dispute" }, reason, send, outcome);
}

/** Declares the link of a chain an enterprise operates in. */
export async function chainLinkForm(enterprise: string): Promise<HTMLElement> {
  const chains = await allChains();
  const chain = select(chains.map((c) => [c.id, nameOf(c)]));
  const link = h("select", { "data-testid": "link" });
  const role = select((["leader", "core", "supporting"] as const).map((r) => [r, label(r, "role_")]), "core");
  const products = h("input", { placeholder: t("products_hint") });
  const result = h("div", { "data-testid": "link-result" });
  const loadLinks = async () => {
    const detail = await must(api.GET("/api/v1/chains/{id}", { params: { path: { id: chain.value as Schemas["ChainId"] } } }));
    fill(link, detail.links.map((l) => h("option", { value: l.id }, `${label(l.stage)} · ${nameOf(l)}`)));
  };
  chain.addEventListener("change", () => void loadLinks());
  await loadLinks();
  const send = async () => {
    const list = products.value.split(/[;；,，]/).map((p) => p.trim()).filter(Boolean);
    await must(
      api.PUT("/api/v1/enterprises/{id}/segments/{segment}", {
        params: { path: { id: enterprise, segment: link.value } },
        body: { role: role.value as Schemas["SegmentRole"], products: list },
      }),
    );
    result.append(h("p", {}, `${t("link_declared")}: ${link.selectedOptions[0]?.textContent ?? link.value}`));
  };
  const form = recordForm(
    h("h3", {}, t("declare_link")),
    [field("chain", t("chain"), chain), field("segment", t("link"), link), field("role", t("role"), role), field("products", t("products"), products)],
    { text: t("declare_link"), testid: "declare-link" },
    send,
  );
  return h("div", {}, form, result);
}

// What each kind asks for, as the API's rules for NewRelationship state them.
const KIND_FIELDS: Record<Schemas["RelKind"], string[]> = {
  supplies: ["product"],
  transfers_technology: ["technology", "mode", "year"],
  invests_in: ["share", "year"],
  cooperates_with: ["topic"],
  incubates: ["year"],
  branch_of: ["year"],
  relocated_from: ["year", "scope"],
};

async function recordRelationship(body: HTMLElement): Promise<void> {
  const kind = select((Object.keys(KIND_FIELDS) as Schemas["RelKind"][]).map((k) => [k, label(k, "kind_")]));
  kind.dataset.testid = "rel-kind";
  const from = await typeAhead("from", "");
  const to = await typeAhead("to", "");
  const inputs: Record<string, HTMLInputElement | HTMLSelectElement> = {
    product: h("input", { "data-testid": "rel-product" }),
    technology: h("input", {}),
    mode: select([["", "—"], ...(["licence", "assignment", "joint_development", "spin_off", "commissioned", "intra_group"] as const).map((m): [string, string] => [m, m])]),
    year: h("input", { type: "number", min: 1949, max: 2100, "data-testid": "rel-year" }),
    share: h("input", { type: "number", step: "0.01", min: 0, max: 1 }),
    topic: h("input", {}),
    scope: h("input", {}),
  };
  const source = h("input", { "data-testid": "rel-source" });
  const done = h("div", { "data-testid": "recorded" });
  const extra = h("div", {});
  const showFields = () =>
    fill(extra, KIND_FIELDS[kind.value as Schemas["RelKind"]].map((name) => field(name, t(name as never), inputs[name]!)));
  kind.addEventListener("change", showFields);
  showFields();
  const send = async () => {
    const k = kind.value as Schemas["RelKind"];
    const values: Record<string, unknown> = {};
    for (const name of KIND_FIELDS[k]) {
      const v = inputs[name]!.value.trim();
      if (v) values[name] = ["year", "share"].includes(name) ? Number(v) : v;
    }
    const input = { kind: k, source_id: from.input.dataset.id ?? "", target_id: to.input.dataset.id ?? "", source: source.value.trim(), ...values } as Schemas["NewRelationship"];
    const recorded = await must(api.POST("/api/v1/relationships", { body: input }));
    fill(done, h("p", {}, t("recorded"), " ", `${recorded.source_name_zh} → ${recorded.target_name_zh}`, " ", badge("unverified")));
  };
  const form = recordForm(
    h("h2", {}, t("tab_relationship")),
    [
      field("kind", t("kinds"), kind),
      field("source_id", t("from"), from.box),
      field("target_id", t("to"), to.box),
      extra,
      field("source", t("source"), source, t("source_hint")),
    ],
    { text: t("record_it"), testid: "record" },
    send,
  );
  fill(body, form, done);
}

const SAMPLES: Record<string, string> = {
  enterprises: enterprisesSample,
  rd_sources: rdSourcesSample,
  relationships: relationshipsSample,
};

async function upload(body: HTMLElement): Promise<void> {
  const kind = select(Object.keys(SAMPLES).map((k) => [k, label(k, "import_")]));
  kind.dataset.testid = "upload-kind";
  const file = h("input", { type: "file", accept: ".csv,text/csv", "data-testid": "upload-file" });
  const skip = h("input", { type: "checkbox", "data-testid": "skip-bad-rows" });
  const preview = h("div", { "data-testid": "preview" });
  const sample = h("a", { href: SAMPLES.enterprises!, download: "enterprises.csv" }, t("sample_file"));
  kind.addEventListener("change", () => {
    sample.href = SAMPLES[kind.value]!;
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
    const report = (data ?? (error as { report?: Schemas["ImportReport"] } | undefined)?.report) as Schemas["ImportReport"] | undefined;
    if (!report) throw new ApiError(response.status, (error as { detail?: string } | undefined)?.detail ?? response.statusText);
    fill(preview, reportTable(report), dryRun ? commit : null);
  };
  const commit = h("button", { "data-testid": "commit", onclick: () => void send(false).catch((e) => preview.append(failure(e))) }, t("commit"));
  fill(
    body,
    h("h2", {}, t("tab_upload")),
    h(
      "div",
      { class: "controls" },
      h("label", {}, t("kinds"), kind),
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
            h("td", { class: "number" }, r.line),
            h("td", {}, label(r.status, "row_")),
            h("td", {}, (r.errors ?? []).map((e) => h("div", {}, `${e.field}: ${e.message} (${e.rule})`))),
          ),
        ),
      ),
    ),
  );
}

async function reviewQueue(body: HTMLElement): Promise<void> {
  const owner = h("input", { placeholder: t("member_org"), "data-testid": "queue-owner" });
  const kind = select([["", "—"], ...(["enterprise", "rd_source", "relationship"] as const).map((k): [string, string] => [k, label(k, "record_")])]);
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
      h("label", {}, t("kinds"), kind),
      h("button", { type: "submit", "data-testid": "queue-filter" }, t("filter")),
    ),
    list,
  );
  await load();
}

function queueTable(queue: Schemas["ReviewItem"][]): HTMLElement {
  if (queue.length === 0) return h("p", { class: "empty", "data-testid": "queue-empty" }, t("queue_empty"));
  const rows = queue.map((item) => {
    const reason = h("input", { placeholder: t("reject_reason"), "data-testid": "reject-reason" });
    const outcome = h("span", { "data-testid": "outcome" });
    const decide = async (decision: "approve" | "reject") => {
      try {
        await must(
          api.POST("/api/v1/review/{kind}/{id}", {
            params: { path: { kind: item.kind, id: item.id } },
            body: { decision, reason: decision === "reject" ? reason.value.trim() : null },
          }),
        );
        fill(outcome, label(decision === "approve" ? "verified" : "rejected", "status_"));
      } catch (e) {
        fill(outcome, failure(e));
      }
    };
    const changes = Object.entries(item.changes as Record<string, { from: unknown; to: unknown }>);
    return h(
      "tr",
      { "data-id": item.id },
      h("td", {}, item.kind === "relationship" ? item.title : orgLink(item.id, item.title, item.kind)),
      h("td", {}, label(item.kind, "record_")),
      h("td", {}, item.owner ?? ""),
      h("td", {}, (item.since ?? "").slice(0, 19).replace("T", " ")),
      h("td", {}, sourceRef(item.source, item.source ?? "")),
      h(
        "td",
        {},
        item.new ? t("new_record") : null,
        changes.map(([f, c]) => h("div", {}, h("code", {}, f), `: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)),
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
  });
  return h(
    "table",
    { class: "list", "data-testid": "queue" },
    h("thead", {}, h("tr", {}, [t("record"), t("kinds"), t("owner"), t("since"), t("source"), t("changed"), ""].map((x) => h("th", {}, x)))),
    h("tbody", {}, rows),
  );
}

async function keys(body: HTMLElement): Promise<void> {
  const list = await must(api.GET("/api/v1/keys"));
  const name = h("input", { "data-testid": "key-name" });
  const role = select((["member", "reader", "admin"] as const).map((r) => [r, label(r, "role_")]));
  const org = h("input", { "data-testid": "key-org" });
  const created = h("div", { "data-testid": "key-created" });
  const form = recordForm(
    h("h3", {}, t("new_key")),
    [field("name", t("key_name"), name), field("role", t("role"), role), field("member_org", t("member_org"), org)],
    { text: t("create"), testid: "create-key" },
    async () => {
      const body = { name: name.value.trim(), role: role.value as Schemas["Role"], member_org: org.value.trim() || null };
      const made = await must(api.POST("/api/v1/keys", { body }));
      fill(created, h("p", {}, t("key_shown_once")), h("code", { "data-testid": "secret" }, made.secret));
    },
  );
  fill(
    body,
    h(
      "table",
      { class: "list", "data-testid": "keys" },
      h("thead", {}, h("tr", {}, [t("key_name"), t("role"), t("member_org"), t("created_at"), ""].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        list.map((k) =>
          h(
            "tr",
            {},
            h("td", {}, k.name),
            h("td", {}, label(k.role, "role_")),
            h("td", {}, k.member_org ?? ""),
            h("td", {}, k.created_at.slice(0, 10)),
            h(
              "td",
              {},
              k.revoked_at
                ? t("revoked")
                : h("button", { onclick: async () => { await must(api.DELETE("/api/v1/keys/{id}", { params: { path: { id: k.id } } })); setParam("tab", "keys"); window.dispatchEvent(new HashChangeEvent("hashchange")); } }, t("revoke")),
            ),
          ),
        ),
      ),
    ),
    form,
    created,
  );
}
