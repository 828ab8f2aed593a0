// Controls and messages more than one view uses.
import { api, ApiError, download, must, type Schemas } from "./api/client";
import { h } from "./dom";
import { currentLang, nameOf, t } from "./i18n";
import { fieldErrorText, LINK_LEVEL, statusText, STRENGTH } from "./labels";

/**
 * A failed call as a reader should see it: what the status means and each broken rule, in their
 * language. The server's English detail is for tools and logs; it goes to the console here.
 */
export function failure(e: unknown): HTMLElement {
  if (e instanceof ApiError) {
    console.warn(`${e.status}: ${e.message}`);
    return h(
      "div",
      { class: "problem", role: "alert" },
      h("strong", {}, statusText(e.status)),
      e.errors.length ? h("ul", {}, e.errors.map((x) => h("li", {}, fieldErrorText(x)))) : null,
    );
  }
  console.error(e);
  return h("div", { class: "problem", role: "alert" }, h("strong", {}, t("error")), h("p", {}, String(e)));
}

let chains: Promise<Schemas["ChainSummary"][]> | undefined;
let segments: Promise<Map<string, { name_zh: string; name_en?: string | null }>> | undefined;
let regions: Promise<Schemas["Region"][]> | undefined;

export function allChains(): Promise<Schemas["ChainSummary"][]> {
  chains ??= must(api.GET("/api/v1/chains")).catch((e) => {
    chains = undefined;
    throw e;
  });
  return chains;
}

export function allRegions(): Promise<Schemas["Region"][]> {
  regions ??= must(api.GET("/api/v1/regions")).catch((e) => {
    regions = undefined;
    throw e;
  });
  return regions;
}

/**
 * A chain link's or sub-link's name by id, in the reader's language (the id itself while
 * unknown): the API names segments by id where a record refers to them.
 */
export async function segmentNames(): Promise<(id: string) => string> {
  segments ??= allChains()
    .then((all) => Promise.all(all.map((c) => must(api.GET("/api/v1/chains/{id}", { params: { path: { id: c.id } } })))))
    .then((details) => new Map(details.flatMap((d) => d.links.flatMap((l) => [[l.id, l] as const, ...(l.sub_links ?? []).map((s) => [s.id, s] as const)]))))
    .catch((e) => {
      segments = undefined;
      throw e;
    });
  const byId = await segments;
  return (id) => {
    const segment = byId.get(id);
    return segment ? nameOf(segment) : id;
  };
}

/** A date and time as the reader writes them. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(currentLang() === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** A region's name by code (the code itself while unknown). */
export async function regionNames(): Promise<(code: string | null | undefined) => string> {
  const byCode = new Map((await allRegions()).map((r) => [r.code, r]));
  return (code) => {
    if (!code) return "";
    const region = byCode.get(code);
    return region ? nameOf(region) : code;
  };
}

/** Changes one parameter of the current view's route (which redraws it). */
export function setParam(name: string, value: string): void {
  const [route = "", query = ""] = window.location.hash.split("?");
  const params = new URLSearchParams(query);
  params.set(name, value);
  window.location.hash = `${route}?${params}`;
}

export async function chainPicker(selected: string): Promise<HTMLElement> {
  const options = (await allChains()).map((c) =>
    h("option", { value: c.id, selected: c.id === selected }, nameOf(c)),
  );
  return h(
    "label",
    {},
    t("chain"),
    h(
      "select",
      { "data-testid": "chain", onchange: (e: Event) => setParam("chain", (e.target as HTMLSelectElement).value) },
      options,
    ),
  );
}

/** Target regions staff plan for: the three provinces, Hebei's cities and Xiong'an. */
export async function targetPicker(selected: string): Promise<HTMLElement> {
  const choices = (await allRegions()).filter(
    (r) => r.level === "province" || (r.level === "city" && r.parent === "130000"),
  );
  return h(
    "label",
    {},
    t("target"),
    h(
      "select",
      { "data-testid": "target", onchange: (e: Event) => setParam("region", (e.target as HTMLSelectElement).value) },
      choices.map((r) =>
        h("option", { value: r.code, selected: r.code === selected }, `${r.level === "city" ? "— " : ""}${nameOf(r)}`),
      ),
    ),
  );
}

/** The year the lists are taken as of ("" for now): relationships that held that year. */
export function asOfPicker(selected: string): HTMLElement {
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - 2014 }, (_, i) => String(thisYear - i));
  return h(
    "label",
    {},
    t("as_of"),
    h(
      "select",
      { "data-testid": "as-of", onchange: (e: Event) => setParam("as_of", (e.target as HTMLSelectElement).value) },
      [h("option", { value: "", selected: selected === "" }, t("now")), ...years.map((y) => h("option", { value: y, selected: y === selected }, y))],
    ),
  );
}

/** Links or, divided further, their sub-links (where the reporting puts the bottlenecks). */
export function levelPicker(selected: string): HTMLElement {
  return h(
    "label",
    {},
    t("level"),
    h(
      "select",
      { "data-testid": "level", onchange: (e: Event) => setParam("level", (e.target as HTMLSelectElement).value) },
      LINK_LEVEL.values.map((l) => h("option", { value: l, selected: l === selected }, LINK_LEVEL.text(l))),
    ),
  );
}

/** How current an answer is: when it was computed (the data it reflects in the tooltip). */
export function freshness(answer: { data_version: string; computed_at: string }): HTMLElement {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(answer.computed_at)) / 1000));
  const text =
    seconds < 60
      ? t("updated_seconds_ago").replace("{n}", String(seconds))
      : t("updated_minutes_ago").replace("{n}", String(Math.floor(seconds / 60)));
  return h("p", { class: "freshness hint", "data-testid": "freshness", title: `${t("data_version")} ${answer.data_version}` }, text);
}

/** A button that downloads what the API produces in another format. */
export function downloadButton(
  path: string,
  query: Record<string, string>,
  filename: string,
  format: "xlsx" | "csv" = "xlsx",
): HTMLButtonElement {
  const button: HTMLButtonElement = h(
    "button",
    {
      class: "download",
      "data-testid": `download-${format}`,
      onclick: async () => {
        button.disabled = true;
        try {
          await download(path, { ...query, format }, filename);
        } catch (e) {
          button.after(failure(e));
        } finally {
          button.disabled = false;
        }
      },
    },
    t(format === "xlsx" ? "download_xlsx" : "download_csv"),
  );
  return button;
}

export function badge(kind: "verified" | "unverified" | "synthetic"): HTMLElement {
  return h("span", { class: `badge badge-${kind}` }, t(kind));
}

export function strengthCell(strength: Schemas["Strength"]): HTMLElement {
  return h("span", { class: `strength strength-${strength}` }, STRENGTH.text(strength));
}

/** An organisation by id: of the kind given, else an enterprise or else an R&D source. */
export async function getOrganisation(id: string, kind?: string | null): Promise<Schemas["Organisation"]> {
  if (kind === "rd_source") return must(api.GET("/api/v1/rd-sources/{id}", { params: { path: { id } } }));
  try {
    return await must(api.GET("/api/v1/enterprises/{id}", { params: { path: { id } } }));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    return await must(api.GET("/api/v1/rd-sources/{id}", { params: { path: { id } } }));
  }
}
