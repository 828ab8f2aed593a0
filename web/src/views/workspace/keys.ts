// An admin's keys: who holds which, new ones (the secret shown once), revoking.
import { api, must, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { field, recordForm, select } from "../../forms";
import { t } from "../../i18n";
import { ROLE } from "../../labels";
import { setParam, when } from "../../ui";

export async function keys(body: HTMLElement): Promise<void> {
  const list = await must(api.GET("/api/v1/keys"));
  const name = h("input", { "data-testid": "key-name" });
  const role = select(ROLE.values.map((r) => [r, ROLE.text(r)]));
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
  const revoke = async (id: string) => {
    await must(api.DELETE("/api/v1/keys/{id}", { params: { path: { id } } }));
    setParam("tab", "keys");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  };
  fill(
    body,
    h(
      "table",
      { class: "list", "data-testid": "keys" },
      h("thead", {}, h("tr", {}, [t("key_name"), t("role"), t("member_org"), t("created_at"), t("status")].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        list.map((k) =>
          h(
            "tr",
            {},
            h("td", {}, k.name),
            h("td", {}, ROLE.text(k.role)),
            h("td", {}, k.member_org ?? ""),
            h("td", {}, when(k.created_at)),
            h("td", {}, k.revoked_at ? t("revoked") : h("button", { onclick: () => void revoke(k.id) }, t("revoke"))),
          ),
        ),
      ),
    ),
    form,
    created,
  );
}
