// A text box that suggests organisations from /search as one types, and keeps the chosen one's
// id. It is an ARIA 1.2 combobox (WAI-ARIA Authoring Practices, "editable combobox with list
// autocomplete"): the list's state in `aria-expanded`, the option in focus in
// `aria-activedescendant`, arrows to move, Enter to choose, Escape to close; the mouse works too.
import { api, must } from "./api/client";
import { debounce, fill, h } from "./dom";
import { nameOf, t } from "./i18n";
import { ORG_KIND } from "./labels";
import { getOrganisation, regionNames } from "./ui";

export interface TypeAhead {
  box: HTMLElement;
  input: HTMLInputElement;
}

export async function typeAhead(name: string, label: string, id: string, kind?: string | null): Promise<TypeAhead> {
  const names = await regionNames();
  const listId = `${name}-suggestions`;
  const input = h("input", {
    id: `${name}-input`,
    name,
    "data-testid": `${name}-input`,
    placeholder: t("search_placeholder"),
    autocomplete: "off",
    role: "combobox",
    "aria-label": label,
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
  });
  // Hidden while empty: a listbox without options is no list to a screen reader.
  const list = h("ul", { id: listId, class: "suggestions", role: "listbox", "aria-label": label, "data-testid": listId, hidden: true });
  if (id) {
    input.dataset.id = id;
    if (kind) input.dataset.kind = kind;
    const org = await getOrganisation(id, kind).catch(() => null);
    input.value = org ? nameOf(org) : id;
  }
  const options = () => [...list.querySelectorAll<HTMLLIElement>("[role=option]")];
  const close = () => {
    fill(list);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const choose = (option: HTMLLIElement) => {
    input.value = option.dataset.name ?? "";
    input.dataset.id = option.dataset.id;
    input.dataset.kind = option.dataset.kind;
    close();
  };
  const move = (by: number) => {
    const all = options();
    if (all.length === 0) return;
    const current = all.findIndex((o) => o.getAttribute("aria-selected") === "true");
    const next = all[(current + by + all.length) % all.length]!;
    for (const o of all) o.setAttribute("aria-selected", String(o === next));
    input.setAttribute("aria-activedescendant", next.id);
    next.scrollIntoView({ block: "nearest" });
  };

  let asked = 0;
  const suggest = debounce(async (q: string) => {
    const ticket = ++asked;
    if (q === "") return close();
    const page = await must(api.GET("/api/v1/search", { params: { query: { q, limit: 8 } } })).catch(() => null);
    if (ticket !== asked) return;
    const hits = page?.items ?? [];
    fill(
      list,
      hits.map((hit, i) =>
        h(
          "li",
          {
            id: `${listId}-${i}`,
            role: "option",
            "aria-selected": "false",
            "data-id": hit.id,
            "data-kind": hit.kind,
            "data-name": nameOf(hit),
            onmousedown: (e: Event) => {
              e.preventDefault();
              choose(e.currentTarget as HTMLLIElement);
            },
          },
          nameOf(hit),
          // Names repeat (a firm and a lab, two registrations): where and what tell them apart.
          h("span", { class: "where" }, `${names(hit.region_code)} · ${ORG_KIND.text(hit.kind)}`),
        ),
      ),
    );
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", String(hits.length > 0));
    input.removeAttribute("aria-activedescendant");
  }, 200);
  input.addEventListener("input", () => {
    delete input.dataset.id;
    delete input.dataset.kind;
    suggest(input.value.trim());
  });
  input.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter") {
      const active = options().find((o) => o.getAttribute("aria-selected") === "true");
      if (active) {
        e.preventDefault();
        choose(active);
      }
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return { box: h("span", { class: "type-ahead" }, input, list), input };
}
