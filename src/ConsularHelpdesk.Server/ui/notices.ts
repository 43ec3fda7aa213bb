// The page's error bar (what went wrong, in the agent's language) and its short notices.
import { ApiError, NetworkError } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { state, t } from "./state.js";

export const errorBar = h("div", { class: "error-bar", "data-testid": "error", role: "alert", hidden: true });
export const noticeBar = h("div", { class: "notice-bar", role: "status", "aria-live": "polite" });
let noticeTimer = 0;

export function showError(text: string, network = false): void {
  state.error = { text, network };
  renderError();
}

export function clearError(onlyNetwork = false): void {
  if (state.error && (!onlyNetwork || state.error.network)) {
    state.error = null;
    renderError();
  }
}

export function renderError(): void {
  if (!state.error) {
    errorBar.hidden = true;
    errorBar.replaceChildren();
    return;
  }
  errorBar.hidden = false;
  const dismiss = h("button", { type: "button", class: "link-button" }, t("dismiss"));
  dismiss.addEventListener("click", () => clearError());
  replaceChildren(errorBar, h("span", null, state.error.text), dismiss);
}

export function showNotice(text: string): void {
  noticeBar.textContent = text;
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => {
    noticeBar.textContent = "";
  }, 4000);
}

/** Shows what went wrong in the agent's language; 401 is handled by the sign-in screen. */
export function report(error: unknown): void {
  if (error instanceof NetworkError) {
    showError(t("errorNetwork"), true);
  } else if (error instanceof ApiError) {
    if (error.status === 401) {
      return;
    }
    showError(error.status === 403 ? t("errorForbidden") : error.status === 404 ? t("errorNotFound") : t("errorGeneric", { status: error.status }));
  } else {
    console.error(error);
    showError(t("errorGeneric", { status: "?" }));
  }
}
