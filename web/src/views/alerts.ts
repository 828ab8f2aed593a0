// 提醒: the changes that concern what the person watches — why each was raised, what changed,
// and for a supplier upstream the path by which it reaches the watched firm; and what they
// watch, to stop watching it.
import { api, must, type Schemas } from "../api/client";
import { append, fill, h, orgLink, route } from "../dom";
import { fmt, t } from "../i18n";
import { ACTION, ALERT_REASON, EVENT_KIND, SEVERITY, WATCH_KIND } from "../labels";
import { failure, when } from "../ui";
import { forgetWatches } from "../watch";

type Alert = Schemas["Alert"];
type Watch = Schemas["Watch"];

/** Where a watch's target is shown in the page. */
function watchedLink(w: Watch): HTMLElement | string {
  const name = w.name_zh ?? w.target;
  switch (w.kind) {
    case "enterprise":
    case "rd_source":
      return orgLink(w.target, name, w.kind);
    case "chain":
      return route(`/map?chain=${w.target}`, name);
    case "link":
      return route(`/map?chain=${w.target.split(".")[0]}`, name);
    default:
      return name;
  }
}

function eventText(change: Schemas["FeedChange"]): string | null {
  const event = (change.changes as { event?: { kind?: Schemas["EventKind"]; severity?: Schemas["Severity"] } }).event;
  if (change.action !== "report" || !event?.kind) return null;
  return [EVENT_KIND.text(event.kind), event.severity ? SEVERITY.text(event.severity) : null].filter(Boolean).join(" · ");
}

function alertItem(alert: Alert, markRead: (ids: string[]) => Promise<void>): HTMLElement {
  const c = alert.change;
  const organisation = c.record_kind !== "relationship";
  const record = organisation
    ? orgLink(c.record_id, alert.record_name_zh ?? c.record_id, c.record_kind === "rd_source" ? "rd_source" : "enterprise")
    : t("a_relationship");
  return h(
    "li",
    { class: alert.read ? "alert" : "alert unread", "data-testid": "alert", "data-reason": alert.reason },
    h(
      "p",
      { class: "alert-head" },
      alert.read ? null : h("span", { class: "badge badge-unread" }, t("unread")),
      h("strong", {}, ALERT_REASON.text(alert.reason)),
      " · ",
      WATCH_KIND.text(alert.watch.kind),
      " ",
      watchedLink(alert.watch),
      " · ",
      h("time", { datetime: alert.at }, when(alert.at)),
    ),
    h(
      "p",
      {},
      `${t("alert_record")}${t("colon")}`,
      record,
      ` · ${ACTION.text(c.action)}`,
      eventText(c) ? ` · ${eventText(c)}` : null,
    ),
    alert.path.length
      ? h(
          "p",
          { class: "alert-path", "data-testid": "alert-path" },
          `${t("alert_path")}${t("colon")}`,
          alert.path.flatMap((step, i) => [i ? " → " : null, orgLink(step.id, step.name_zh ?? step.id)]),
        )
      : null,
    alert.read
      ? null
      : h("button", { type: "button", class: "secondary", onclick: () => void markRead([alert.id]) }, t("mark_read")),
  );
}

export async function renderAlerts(root: HTMLElement): Promise<void> {
  const [page, watches] = await Promise.all([
    must(api.GET("/api/v1/alerts", { params: { query: { limit: 100 } } })),
    must(api.GET("/api/v1/watches")),
  ]);
  const status = h("div", { role: "status" });
  const list = h("ol", { class: "alerts", "data-testid": "alerts" });
  const redraw = (current: Schemas["AlertPage"]) => {
    fill(status, h("p", { "data-testid": "unread" }, fmt("alerts_unread", { n: current.unread })));
    fill(list, current.alerts.length ? current.alerts.map((a) => alertItem(a, markRead)) : h("li", { class: "empty" }, t("no_alerts")));
    window.dispatchEvent(new CustomEvent("chain-atlas:unread", { detail: current.unread }));
  };
  const markRead = async (ids: string[] | "all") => {
    try {
      const body = ids === "all" ? { all: true } : { ids };
      await must(api.POST("/api/v1/alerts/read", { body }));
      redraw(await must(api.GET("/api/v1/alerts", { params: { query: { limit: 100 } } })));
    } catch (e) {
      status.append(failure(e));
    }
  };
  const unwatch = async (w: Watch, item: HTMLElement) => {
    try {
      await must(api.DELETE("/api/v1/watches/{id}", { params: { path: { id: w.id } } }));
      forgetWatches();
      item.remove();
    } catch (e) {
      item.append(failure(e));
    }
  };
  redraw(page);
  append(root, [
    status,
    h("button", { type: "button", onclick: () => void markRead("all"), "data-testid": "mark-all-read" }, t("mark_all_read")),
    list,
    h("h2", {}, t("my_watches")),
    watches.length
      ? h(
          "ul",
          { class: "watches", "data-testid": "watches" },
          watches.map((w) => {
            const item = h("li", {}, `${WATCH_KIND.text(w.kind)} · `, watchedLink(w), " ");
            item.append(h("button", { type: "button", class: "secondary", onclick: () => void unwatch(w, item) }, t("unwatch")));
            return item;
          }),
        )
      : h("p", { class: "empty" }, t("no_watches")),
  ]);
}
