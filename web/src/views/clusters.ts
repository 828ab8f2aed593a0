// The clusters: the five groups (五群) the three governments build together and the region's
// national clusters, each with its members by province.
import { api, must } from "../api/client";
import { append, h, route } from "../dom";
import { nameOf, t } from "../i18n";
import { CLUSTER_KIND } from "../labels";
import { regionNames } from "../ui";

export async function renderClusters(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const open = params.get("id");
  const [clusters, names] = await Promise.all([must(api.GET("/api/v1/clusters")), regionNames()]);
  const detail = open ? await must(api.GET("/api/v1/clusters/{id}", { params: { path: { id: open } } })) : null;
  for (const kind of CLUSTER_KIND.values) {
    root.append(
      h("h2", {}, CLUSTER_KIND.text(kind)),
      h(
        "table",
        { class: "list", "data-testid": `clusters-${kind}` },
        h("thead", {}, h("tr", {}, [t("cluster"), t("members"), "110000", "120000", "130000"].map((x) => h("th", {}, /^\d+$/.test(x) ? names(x) : x)))),
        h(
          "tbody",
          {},
          clusters
            .filter((c) => c.kind === kind)
            .map((c) =>
              h(
                "tr",
                {},
                h("td", {}, route(`/clusters?id=${encodeURIComponent(c.id)}`, nameOf(c))),
                h("td", { class: "number" }, c.member_count),
                ["110000", "120000", "130000"].map((p) => h("td", { class: "number" }, c.members_by_region[p] ?? 0)),
              ),
            ),
        ),
      ),
    );
  }
  if (detail) {
    const byProvince = new Map<string, typeof detail.members>();
    for (const m of detail.members) {
      const p = m.province ?? "other";
      byProvince.set(p, [...(byProvince.get(p) ?? []), m]);
    }
    append(root, [
      h("h2", { "data-testid": "cluster-name" }, nameOf(detail)),
      [...byProvince].map(([province, members]) => [
        h("h3", {}, names(province)),
        h("ul", {}, members.map((m) => h("li", {}, route(`/org/${encodeURIComponent(m.id)}`, m.name_zh)))),
      ]),
    ]);
  }
}
