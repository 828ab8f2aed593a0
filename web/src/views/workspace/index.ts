// The member workspace and the admin's review work, in the same page as the explorer. A member
// signs in with the member key their alliance was given (kept for this tab only); what the key
// may do decides which tabs show. Every write goes through the public API, which enforces the
// same rules again.
import { api, storedKey, storeKey } from "../../api/client";
import { h } from "../../dom";
import { field } from "../../forms";
import { t, type Key } from "../../i18n";
import { ROLE } from "../../labels";
import { duplicates } from "./duplicates";
import { keys } from "./keys";
import { myRecords } from "./records";
import { registerEnterprise, registerRdSource } from "./register";
import { recordRelationship } from "./relationship";
import { reviewQueue } from "./review";
import { upload } from "./upload";

export { chainLinkForm, disputeForm } from "./widgets";

const MEMBER_TABS = ["records", "enterprise", "rd_source", "relationship", "upload"] as const;
const ADMIN_TABS = ["review", "duplicates", "keys", "upload"] as const;

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
      `${ROLE.text(me.role)}${me.member_org ? ` · ${me.member_org}` : ""}`,
      h("button", { class: "link", onclick: () => { storeKey(null); window.location.reload(); } }, t("sign_out")),
    ),
    h(
      "nav",
      { class: "tabs", "aria-label": t("workspace_tabs") },
      tabs.map((x) =>
        h("a", { href: `#/workspace?tab=${x}`, class: x === tab ? "active" : null, "aria-current": x === tab ? "page" : null, "data-testid": `tab-${x}` }, t(`tab_${x}` as Key)),
      ),
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
    duplicates: async () => {
      body.replaceChildren(h("h2", {}, t("tab_duplicates")), await duplicates(true));
    },
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
