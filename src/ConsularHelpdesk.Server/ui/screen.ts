// A screen over the page (roster, agents, alerts): a modal dialog with a title and a close button, full screen on a
// phone (app.css). Closing it returns focus to what opened it.
import { ApiError } from "./api.js";
import { h, type Child } from "./dom.js";
import { state, t } from "./state.js";

export interface Screen {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  close: () => void;
}

export function openScreen(title: string, testId: string, opener: HTMLElement | null): Screen {
  const body = h("div", { class: "screen-body" });
  const close = h("button", { type: "button", "data-testid": `${testId}-close` }, t("dialogClose"));
  const dialog = h("dialog", { class: "screen", "data-testid": testId, "aria-label": title, lang: state.language }, h("div", { class: "screen-head" }, h("h2", null, title), h("span", { class: "spacer" }), close), body);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body, close: () => dialog.close() };
}

/** What a refused change says, in the agent's language: the field a 400 names, else the status. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const errors = (error.body as { errors?: Record<string, unknown> } | null)?.errors;
    const field = errors ? Object.keys(errors)[0] : undefined;
    if (error.status === 400 && field) {
      return t("invalidField", { field });
    }
    if (error.status === 403) {
      return t("errorForbidden");
    }
    return t("errorGeneric", { status: error.status });
  }
  return t("errorGeneric", { status: "?" });
}

/** A labelled field: the label wraps the control, so a click on the text focuses it. */
export function field(label: string, control: HTMLElement, ...more: Child[]): HTMLLabelElement {
  return h("label", { class: "field" }, h("span", { class: "label-text" }, label), control, ...more);
}
