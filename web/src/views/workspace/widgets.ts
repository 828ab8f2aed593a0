// Forms the workspace shares with an organisation's page: declaring a firm's chain link and
// disputing someone else's record.
import { api, must, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { field, recordForm, select } from "../../forms";
import { nameOf, t } from "../../i18n";
import { SEGMENT_ROLE, STAGE } from "../../labels";
import { allChains, failure } from "../../ui";

/** Disputes a record: it goes to the curators' queue with the reason. */
export function disputeForm(kind: Schemas["RecordKind"], id: string): HTMLElement {
  const reason = h("input", { placeholder: t("dispute_reason"), "aria-label": t("dispute_reason"), "data-testid": "dispute-reason" });
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
  const role = select(SEGMENT_ROLE.values.map((r) => [r, SEGMENT_ROLE.text(r)]), "core");
  const products = h("input", { placeholder: t("products_hint") });
  const result = h("div", { "data-testid": "link-result" });
  const loadLinks = async () => {
    const detail = await must(api.GET("/api/v1/chains/{id}", { params: { path: { id: chain.value as Schemas["ChainId"] } } }));
    fill(link, detail.links.map((l) => h("option", { value: l.id }, `${STAGE.text(l.stage)} · ${nameOf(l)}`)));
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
