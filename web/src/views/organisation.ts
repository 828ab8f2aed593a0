// An organisation's page: the record with its provenance, its chain links, its relationships in
// and out, its history, and (for an enterprise) who is hit downstream if it stops.
import { api, ApiError, must, storedKey, type Schemas } from "../api/client";
import { chart } from "../charts";
import { append, fill, h, percent, route, sourceRef } from "../dom";
import { nameOf, t } from "../i18n";
import { field, recordForm, select } from "../forms";
import { ACTION, DISTANCE, EVENT_KIND, fieldName, SEVERITY, RD_KIND, REL_KIND, ROLE, SCALE, SEGMENT_ROLE, TAG, TRANSFER_MODE } from "../labels";
import { allRegions, badge, failure, getOrganisation, regionNames, segmentNames, when } from "../ui";
import { chainLinkForm, disputeForm } from "./workspace";
import { watchButton } from "../watch";

export async function renderOrganisation(root: HTMLElement, params: URLSearchParams, id?: string): Promise<void> {
  if (!id) return;
  const org = await getOrganisation(id, params.get("kind"));
  const enterprise = org.kind === "enterprise";
  const path = { path: { id } };
  const [relationships, history, impact, events, names, linkName, parkName] = await Promise.all([
    must(api.GET("/api/v1/organisations/{id}/relationships", { params: { ...path, query: { direction: "both", limit: 200 } } })),
    enterprise
      ? must(api.GET("/api/v1/enterprises/{id}/history", { params: path }))
      : must(api.GET("/api/v1/rd-sources/{id}/history", { params: path })),
    enterprise ? must(api.GET("/api/v1/enterprises/{id}/impact", { params: { ...path, query: { depth: 3, substitutes: true } } })) : null,
    // Events are news about the firm: the page stands without them.
    enterprise ? must(api.GET("/api/v1/enterprises/{id}/events", { params: path })).catch(() => []) : [],
    regionNames(),
    segmentNames(),
    parkNames(),
  ]);

  const facts: [string, Node | string | null][] = [
    [t("region"), names(org.region_code)],
    [t("uscc"), org.uscc ?? null],
    [fieldName("legal_name"), org.legal_name ?? null],
    [t("rd_kind"), org.rd_kind ? RD_KIND.text(org.rd_kind) : null],
    [t("park"), org.park ? parkName(org.park) : null],
    [t("scale"), org.scale ? SCALE.text(org.scale) : null],
    [t("tags"), org.tags?.length ? org.tags.map((x) => TAG.text(x)).join("、") : null],
    [t("source"), (sourceRef(org.source, org.source ?? "") as Node | null) ?? null],
  ];
  append(root, [
    h(
      "h1",
      { "data-testid": "org-name" },
      nameOf(org),
      " ",
      badge(org.verified ? "verified" : "unverified"),
      org.synthetic ? badge("synthetic") : null,
    ),
    watchButton(enterprise ? "enterprise" : "rd_source", id),
    org.description ? h("p", {}, org.description) : null,
    h(
      "dl",
      { class: "facts" },
      facts.filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    ),
    h("h2", {}, t("chain_links")),
    h(
      "ul",
      { class: "segments" },
      (org.segments ?? []).map((s) =>
        h("li", {}, route(`/map?chain=${s.chain}`, linkName(s.segment)), ` · ${SEGMENT_ROLE.text(s.role)}`, s.products.length ? ` · ${s.products.join("、")}` : ""),
      ),
      (org.capabilities ?? []).map((c) =>
        h("li", {}, route(`/map?chain=${c.chain}`, linkName(c.segment)), ` · ${c.technology} · TRL ${c.readiness}`, " ", sourceRef(c.source, t("source"))),
      ),
    ),
    h("h2", {}, t("relationships")),
    relationshipTable(id, relationships),
    events.length ? [h("h2", {}, t("events")), eventList(events)] : null,
    impact ? impactSection(org, impact) : null,
    await editSection(org),
    h("h2", {}, t("history")),
    h(
      "ol",
      { class: "timeline", "data-testid": "history" },
      history.map((c) =>
        h(
          "li",
          {},
          h("time", { datetime: c.at }, when(c.at)),
          ` ${ACTION.text(c.action)} · ${c.by_owner === "admin" ? ROLE.text("admin") : c.by_owner}`,
          c.action === "update" ? h("span", { class: "fields" }, Object.keys(c.changes as Record<string, unknown>).map(fieldName).join("、")) : null,
        ),
      ),
    ),
  ]);
}

function eventList(events: Schemas["Event"][]): HTMLElement {
  return h(
    "ul",
    { class: "events", "data-testid": "events" },
    events.map((e) =>
      h(
        "li",
        {},
        h("strong", {}, EVENT_KIND.text(e.kind)),
        ` · ${t("event_severity")}${t("colon")}${SEVERITY.text(e.severity)} · ${t("event_date")}${t("colon")}${e.occurred_on}`,
        e.note ? ` · ${e.note}` : null,
        " · ",
        e.source.url
          ? h("a", { class: "source", href: e.source.url, target: "_blank", rel: "noopener noreferrer" }, `${e.source.outlet}《${e.source.title}》`)
          : h("span", { class: "source" }, `${e.source.outlet}《${e.source.title}》`),
      ),
    ),
  );
}

function relationshipTable(id: string, relationships: Schemas["Relationship"][]): HTMLElement {
  if (relationships.length === 0) return h("p", { class: "empty" }, t("none"));
  const other = (r: Schemas["Relationship"]) =>
    r.source_id === id
      ? [t("outgoing"), r.target_id, r.target_name_zh ?? r.target_id]
      : [t("incoming"), r.source_id, r.source_name_zh ?? r.source_id];
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { class: "list", "data-testid": "relationships" },
      h("thead", {}, h("tr", {}, [t("direction"), t("kinds"), t("organisation"), t("detail"), t("status"), t("source")].map((x) => h("th", {}, x)))),
      h("tbody", {},
        relationships.map((r) => {
          const [direction, otherId, otherName] = other(r);
          return h(
            "tr",
            {},
            h("td", { class: "nowrap" }, direction),
            h("td", { class: "nowrap" }, REL_KIND.text(r.kind)),
            h("td", {}, r.kind === "relocated_from" ? otherName : route(`/org/${encodeURIComponent(otherId!)}`, otherName!)),
            h("td", {}, [r.product, r.technology, r.mode ? TRANSFER_MODE.text(r.mode) : null, r.topic, r.year, r.share != null ? percent(r.share) : null].filter((x) => x != null && x !== "").join(" · ")),
            h("td", { class: "nowrap" }, badge(r.verified ? "verified" : "unverified")),
            h("td", {}, sourceRef(r.source, t("source"))),
          );
        }),
      ),
    ),
  );
}

/** The impact as a tree: each affected firm under the stopped or disrupted supplier it buys from. */
function impactSection(org: Schemas["Organisation"], impact: Schemas["Impact"]): HTMLElement[] {
  const heading = h("h2", {}, t("impact"));
  if (impact.affected.length === 0) return [heading, h("p", { class: "empty", "data-testid": "impact" }, t("impact_none"))];
  type Node = { name: string; id: string; children: Node[]; itemStyle?: { color: string } };
  const root: Node = { name: nameOf(org), id: org.id, children: [] };
  const nodes = new Map<string, Node>([[org.id, root]]);
  for (const a of impact.affected) {
    const node: Node = {
      name: `${a.firm.name_zh}${a.lost_products.length ? ` (${a.lost_products.join(", ")})` : ""}`,
      id: a.firm.id,
      children: [],
      itemStyle: { color: a.disrupted ? "#c0392b" : "#e6a23c" },
    };
    nodes.set(a.firm.id, node);
    // Drawn under the first supplier it lost that is already in the tree.
    const parent = a.via.map((v: string) => nodes.get(v)).find(Boolean) ?? root;
    parent.children.push(node);
  }
  const table = h(
    "table",
    { class: "list", "data-testid": "impact" },
    h(
      "thead",
      {},
      h("tr", {}, [t("depth"), t("firm"), t("disrupted"), t("share"), t("substitutes")].map((x) => h("th", {}, x))),
    ),
    h(
      "tbody",
      {},
      impact.affected.map((a) =>
        h(
          "tr",
          {},
          h("td", { class: "number" }, a.depth),
          h("td", {}, route(`/org/${encodeURIComponent(a.firm.id)}`, a.firm.name_zh)),
          h("td", {}, a.disrupted ? t("yes") : ""),
          h("td", { class: "number" }, percent(a.hit_share)),
          h(
            "td",
            { "data-testid": "substitutes" },
            a.substitutes.map((s: Schemas["Substitute"]) =>
              h(
                "div",
                {},
                `${s.product}: `,
                route(`/org/${encodeURIComponent(s.firm.id)}`, s.firm.name_zh),
                ` (${DISTANCE.text(s.distance)})`,
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const height = Math.max(240, Math.min(900, impact.affected.length * 28));
  return [
    heading,
    chart(
      {
        tooltip: { trigger: "item" },
        series: [
          {
            type: "tree",
            data: [root],
            orient: "LR",
            initialTreeDepth: -1,
            label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 12 },
            leaves: { label: { position: "right", align: "left" } },
            left: "20%",
            right: "30%",
          },
        ],
      },
      "impact-tree",
      height,
    ),
    h("div", { class: "scroll" }, table),
  ];
}

/**
 * For the record's owner (or an admin) signed in to the workspace: edit it or withdraw it. Both
 * send the version read with the page (`If-Match`), so a change someone made meanwhile is
 * reported (412), not overwritten.
 */
async function editSection(org: Schemas["Organisation"]): Promise<HTMLElement | null> {
  if (!storedKey()) return null;
  const me = (await api.GET("/api/v1/me")).data;
  if (!me || me.role === "reader") return null;
  const kind = org.kind === "enterprise" ? "enterprise" : "rd_source";
  // Another member's record: it can be disputed, not edited.
  if (me.role === "member" && me.owner !== org.owner) {
    return h("section", { class: "edit", "data-testid": "dispute-section" }, h("h2", {}, t("dispute_record")), disputeForm(kind, org.id));
  }
  // The version this page last read or wrote: sent as If-Match, moved on by each save.
  let version = org.version ?? 0;
  const ifMatch = () => ({ "If-Match": `"${version}"` });
  const path = { path: { id: org.id } };
  const inputs = {
    name_zh: h("input", { value: org.name_zh, "data-testid": "edit-name_zh" }),
    name_en: h("input", { value: org.name_en ?? "" }),
    description: h("textarea", { rows: 2 }, org.description ?? ""),
    source: h("input", { value: org.source ?? "", "data-testid": "edit-source" }),
  };
  const scale = select([["", "—"], ...SCALE.values.map((x): [string, string] => [x, SCALE.text(x)])], org.scale ?? "");
  const outcome = h("div", { "data-testid": "edit-outcome" });
  const stale = (e: unknown) => e instanceof ApiError && e.status === 412;
  const edit = recordForm(
    h("h2", {}, t("edit")),
    [
      field("name_zh", t("name_zh"), inputs.name_zh),
      field("name_en", t("name_en"), inputs.name_en),
      org.kind === "enterprise" ? field("scale", t("scale"), scale) : null,
      field("description", t("description"), inputs.description),
      field("source", t("source"), inputs.source),
    ],
    { text: t("save"), testid: "save" },
    async () => {
      const text = (x: HTMLInputElement | HTMLTextAreaElement) => x.value.trim() || null;
      const patch = {
        name_zh: inputs.name_zh.value.trim(),
        name_en: text(inputs.name_en),
        description: text(inputs.description),
        source: text(inputs.source),
      };
      try {
        const saved =
          org.kind === "enterprise"
            ? await must(
                api.PATCH("/api/v1/enterprises/{id}", {
                  params: { ...path, header: ifMatch() },
                  body: { ...patch, scale: (scale.value || null) as Schemas["Scale"] | null },
                }),
              )
            : await must(api.PATCH("/api/v1/rd-sources/{id}", { params: { ...path, header: ifMatch() }, body: patch }));
        version = saved.version ?? version;
      } catch (e) {
        if (stale(e)) throw new ApiError(412, t("stale"));
        throw e;
      }
      fill(outcome, h("p", {}, t("saved"), " ", badge("unverified")));
    },
  );
  const withdraw = h(
    "button",
    {
      class: "danger",
      "data-testid": "withdraw",
      onclick: async () => {
        if (!window.confirm(t("withdraw_confirm"))) return;
        try {
          if (org.kind === "enterprise") {
            await must(api.DELETE("/api/v1/enterprises/{id}", { params: { ...path, header: ifMatch() } }));
          } else {
            await must(api.DELETE("/api/v1/rd-sources/{id}", { params: { ...path, header: ifMatch() } }));
          }
          fill(outcome, h("p", {}, t("withdrawn"), " ", route("/workspace", t("workspace"))));
        } catch (e) {
          fill(outcome, stale(e) ? h("p", { class: "problem", role: "alert" }, t("stale")) : failure(e));
        }
      },
    },
    t("withdraw"),
  );
  // An enterprise's owner declares its chain links here too, not only when registering it.
  const links = org.kind === "enterprise" ? await chainLinkForm(org.id) : null;
  return h("section", { class: "edit", "data-testid": "edit" }, edit, links, withdraw, outcome);
}

/** A park's name by id (the id while unknown). */
async function parkNames(): Promise<(id: string) => string> {
  const byId = new Map((await allRegions()).flatMap((r) => r.parks).map((p) => [p.id, p.name_zh]));
  return (id) => byId.get(id) ?? id;
}
