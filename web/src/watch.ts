// The 关注 (watch) button: watches what it names for the key in use and shows whether it is
// watched. Without a key the service answers 401 and the page asks for one (main.ts).
import { api, must, storedKey, type Schemas } from "./api/client";
import { fill, h } from "./dom";
import { t, type Key } from "./i18n";
import { failure } from "./ui";

/** The caller's watches, asked once per page drawn (none without a key). */
let mine: Promise<Schemas["Watch"][]> | null = null;

export function forgetWatches(): void {
  mine = null;
}

async function watches(): Promise<Schemas["Watch"][]> {
  if (!storedKey()) return [];
  mine ??= must(api.GET("/api/v1/watches")).catch(() => []);
  return mine;
}

export function watchButton(kind: Schemas["WatchKind"], target: string, label: Key = "watch"): HTMLElement {
  const box = h("span", { class: "watch", "data-testid": `watch-${kind}` });
  let watch: Schemas["Watch"] | undefined;
  const act = async (work: () => Promise<void>) => {
    try {
      await work();
      forgetWatches();
      draw();
    } catch (e) {
      box.append(failure(e));
    }
  };
  const start = () =>
    act(async () => {
      watch = await must(api.POST("/api/v1/watches", { body: { kind, target } }));
    });
  const stop = () =>
    act(async () => {
      await must(api.DELETE("/api/v1/watches/{id}", { params: { path: { id: watch!.id } } }));
      watch = undefined;
    });
  const draw = () =>
    fill(
      box,
      watch
        ? [
            h("span", { class: "watching" }, `★ ${t("watching")}`),
            " ",
            h("button", { type: "button", class: "secondary", onclick: () => void stop() }, t("unwatch")),
          ]
        : h("button", { type: "button", "aria-pressed": "false", onclick: () => void start() }, `☆ ${t(label)}`),
    );
  draw();
  void watches().then((all) => {
    watch = all.find((w) => w.kind === kind && w.target === target);
    draw();
  });
  return box;
}
