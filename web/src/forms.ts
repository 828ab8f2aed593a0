// Form helpers for the member workspace: fields with their error slots, and the server's field
// errors (problem+json `errors[]`) shown next to the fields they name.
import { ApiError } from "./api/client";
import { fill, h, type Children } from "./dom";
import { t } from "./i18n";
import { fieldErrorText, ruleText, statusText } from "./labels";

/** A labelled control with a slot for its error; `name` is the API's field name. */
export function field(name: string, text: string, control: HTMLElement, hint?: string): HTMLElement {
  control.setAttribute("name", name);
  control.id = `field-${name}`;
  return h(
    "div",
    { class: "field", "data-field": name },
    h("label", { for: control.id }, text),
    control,
    hint ? h("small", { class: "hint" }, hint) : null,
    h("p", { class: "field-error", "data-testid": `error-${name}`, role: "alert" }),
  );
}

export function setFieldError(form: HTMLElement, name: string, message: string | null): void {
  const slot = form.querySelector<HTMLElement>(`[data-field="${name}"] .field-error`);
  if (slot) fill(slot, message ?? "");
}

export function clearErrors(form: HTMLElement): void {
  for (const slot of form.querySelectorAll(".field-error, .form-error")) fill(slot);
}

/**
 * Shows a failed submission in the reader's language: each broken rule by its field, anything
 * else above the form (the server's English detail goes to the console, for whoever debugs).
 */
export function showFailure(form: HTMLElement, e: unknown, conflict?: (e: ApiError) => Children): void {
  const general = form.querySelector<HTMLElement>(".form-error")!;
  if (e instanceof ApiError) {
    console.warn(`${e.status}: ${e.message}`);
    const unplaced = [];
    for (const error of e.errors) {
      const slot = form.querySelector<HTMLElement>(`[data-field="${error.field.split(/[.[]/)[0]}"] .field-error`);
      if (slot) fill(slot, ruleText(error.rule));
      else unplaced.push(fieldErrorText(error));
    }
    if (e.status === 409 && conflict) return fill(general, conflict(e));
    if (unplaced.length || e.errors.length === 0) fill(general, [statusText(e.status), ...unplaced].join("；"));
    return;
  }
  fill(general, `${t("error")}: ${String(e)}`);
}

export function select(options: [string, string][], value = ""): HTMLSelectElement {
  return h(
    "select",
    {},
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
}

/**
 * A form that sends itself through `send`: field errors cleared before, the server's shown by
 * their fields after, and its button disabled meanwhile. `conflict` renders a 409.
 */
export function recordForm(
  heading: HTMLElement,
  fields: Children,
  button: { text: string; testid: string },
  send: () => Promise<void>,
  conflict?: (e: ApiError) => Children,
): HTMLFormElement {
  const submit = h("button", { type: "submit", "data-testid": button.testid }, button.text);
  const form: HTMLFormElement = h(
    "form",
    {
      class: "record-form",
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearErrors(form);
        submit.disabled = true;
        try {
          await send();
        } catch (err) {
          showFailure(form, err, conflict);
        } finally {
          submit.disabled = false;
        }
      },
    },
    heading,
    fields,
    h("p", { class: "form-error problem", role: "alert" }),
    submit,
  );
  return form;
}
