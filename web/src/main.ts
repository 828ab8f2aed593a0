import "./style.css";
import { api, storeKey, storedKey } from "./api/client";
import { fill, h } from "./dom";
import { currentLang, fmt, setLang, t, type Key } from "./i18n";
import { failure } from "./ui";
import { renderAlerts } from "./views/alerts";
import { renderClusters } from "./views/clusters";
import { renderFlows } from "./views/flows";
import { renderLists } from "./views/lists";
import { renderMap } from "./views/map";
import { renderMatches } from "./views/matches";
import { renderOrganisation } from "./views/organisation";
import { renderPaths } from "./views/paths";
import { renderWorkspace } from "./views/workspace";
import { forgetWatches } from "./watch";

/** A view draws itself into `root` from the route's parameters. */
type View = (root: HTMLElement, params: URLSearchParams, id?: string) => Promise<void>;

const views: { path: string; nav?: Key; view: View }[] = [
  { path: "map", nav: "nav_map", view: renderMap },
  { path: "lists", nav: "nav_lists", view: renderLists },
  { path: "paths", nav: "nav_paths", view: renderPaths },
  { path: "matches", nav: "nav_matches", view: renderMatches },
  { path: "flows", nav: "nav_flows", view: renderFlows },
  { path: "clusters", nav: "nav_clusters", view: renderClusters },
  { path: "workspace", nav: "nav_workspace", view: renderWorkspace },
  { path: "alerts", nav: "nav_alerts", view: renderAlerts },
  { path: "org", view: renderOrganisation },
];

const main = h("main", { id: "view" });
const nav = h("nav", { "aria-label": "" });
const header = h("header", {}, h("a", { class: "brand", href: "#/map" }, ""), nav);
document.getElementById("app")!.append(header, main);

/** `#/org/abc?x=1` → ("org", "abc", {x: 1}). */
function parseHash(): { path: string; id?: string; params: URLSearchParams } {
  const [route = "", query = ""] = window.location.hash.replace(/^#\/?/, "").split("?");
  const [path = "map", id] = route.split("/");
  return { path: path || "map", id: id ? decodeURIComponent(id) : undefined, params: new URLSearchParams(query) };
}

function drawHeader(active: string): void {
  fill(header.querySelector(".brand")!, t("title"));
  nav.setAttribute("aria-label", t("nav_main"));
  fill(
    nav,
    views
      .filter((v) => v.nav)
      .map((v) =>
        h(
          "a",
          { href: `#/${v.path}`, class: v.path === active ? "active" : null, "data-nav": v.path },
          v.path === "alerts" && unread > 0 ? fmt("nav_alerts_unread", { n: unread }) : t(v.nav!),
        ),
      ),
    h(
      "button",
      {
        class: "lang",
        "data-testid": "language",
        onclick: () => {
          setLang(currentLang() === "zh" ? "en" : "zh");
          void render();
        },
      },
      t("language"),
    ),
  );
}

/** The signed-in key's unread alerts, shown in the navigation (0 without a key). */
let unread = 0;

async function countUnread(): Promise<void> {
  if (!storedKey()) {
    unread = 0;
    return;
  }
  // Quietly: a key that may not read alerts is asked for again only where it is needed.
  const { data } = await api.GET("/api/v1/alerts", { params: { query: { unread_only: true, limit: 1 } } });
  unread = data?.unread ?? 0;
}

window.addEventListener("chain-atlas:unread", (e) => {
  unread = (e as CustomEvent<number>).detail;
  drawHeader(parseHash().path);
});

let drawing = 0;

async function render(): Promise<void> {
  const { path, id, params } = parseHash();
  const entry = views.find((v) => v.path === path) ?? views[0]!;
  forgetWatches();
  drawHeader(entry.path);
  void countUnread()
    .then(() => drawHeader(entry.path))
    .catch(() => undefined);
  const ticket = ++drawing;
  fill(main, h("p", { class: "loading" }, t("loading")));
  const root = h("section", { class: `view view-${entry.path}` });
  // Each view's title is its one h1 (an organisation's page titles itself with its name).
  if (entry.nav) root.append(h("h1", { class: "view-title" }, t(entry.nav)));
  try {
    await entry.view(root, params, id);
    if (ticket === drawing) fill(main, root);
  } catch (e) {
    if (ticket === drawing) fill(main, failure(e));
  }
}

/** When the service wants a key (public reading is off, or the key was revoked), ask for one. */
function askForKey(): void {
  if (document.getElementById("key-dialog")) return;
  const rejected = storedKey() !== null;
  storeKey(null);
  const input = h("input", { id: "key-input", type: "password", autocomplete: "off", required: true });
  const dialog = h(
    "form",
    {
      id: "key-dialog",
      class: "key-dialog",
      onsubmit: (e: Event) => {
        e.preventDefault();
        storeKey(input.value.trim());
        dialog.remove();
        void render();
      },
    },
    h("h2", {}, t("key_needed")),
    rejected ? h("p", { class: "problem" }, t("key_rejected")) : null,
    h("label", { for: "key-input" }, t("key_label")),
    input,
    h("button", { type: "submit" }, t("key_submit")),
  );
  document.body.append(dialog);
  input.focus();
}

window.addEventListener("chain-atlas:unauthorised", askForKey);
window.addEventListener("hashchange", () => void render());
setLang(currentLang());
void render();
