// A few helpers for building the page's DOM without a framework: the views are small and mostly
// tables, so a framework would cost more bundle than it saves code.

export type Child = Node | string | number | null | undefined | false;
export type Children = Child | Children[];
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

/** An element with attributes (`on…` keys are listeners, `false`/`null` are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "value" && "value" in el) {
      (el as HTMLInputElement).value = String(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Children[]): void {
  for (const child of (children as unknown[]).flat(Infinity) as Child[]) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Children[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A link to another view of the page. */
export function route(hash: string, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href: `#${hash}` }, ...children);
}

/**
 * A link to an organisation's page. Its kind, where known, saves the page asking the wrong
 * collection first (enterprises, then R&D sources).
 */
export function orgLink(id: string, text: Child, kind?: string | null): HTMLAnchorElement {
  const hint = kind === "rd_source" ? "?kind=rd_source" : "";
  return route(`/org/${encodeURIComponent(id)}${hint}`, text);
}

/** A source reference: a link when it is a URL, text otherwise. */
export function sourceRef(source: string | null | undefined, label: string): Child {
  if (!source) return null;
  const url = source.match(/https?:\/\/\S+/)?.[0];
  if (!url) return h("span", { class: "source", title: source }, source);
  return h("a", { class: "source", href: url, target: "_blank", rel: "noopener", title: source }, label);
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Calls `f` once the caller has stopped calling for `ms`. */
export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number): (...a: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...a), ms);
  };
}
