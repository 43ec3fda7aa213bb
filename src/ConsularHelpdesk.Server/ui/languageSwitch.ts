// The interface language (NL/FR/DE/EN): the switch in the top bar, kept in localStorage, and the bar of the screens
// without the app around them (sign-in, a failed start).
import { byTestId, h } from "./dom.js";
import { root } from "./root.js";
import { state, store, STORAGE, t } from "./state.js";
import { UI_LANGUAGES, type UiLanguage } from "./types.js";

/** Draws the page again in the new language (set by app.ts, which knows which screen is shown). */
let onLanguageChanged: () => void = () => {};
export function setLanguageChangedHandler(handler: () => void): void {
  onLanguageChanged = handler;
}

export function languageSwitch(): HTMLSelectElement {
  const select = h(
    "select",
    { "data-testid": "language-switch", "aria-label": t("uiLanguage"), title: t("uiLanguage"), "data-key": "language-switch" },
    UI_LANGUAGES.map((code) => h("option", { value: code, selected: code === state.language }, code.toUpperCase())),
  );
  select.addEventListener("change", () => {
    state.language = select.value as UiLanguage;
    store(STORAGE.language, state.language);
    document.documentElement.lang = state.language;
    onLanguageChanged();
    byTestId<HTMLSelectElement>(root, "language-switch")?.focus();
  });
  return select;
}

export function languageBar(): HTMLElement {
  return h("header", { class: "topbar" }, h("strong", { class: "brand" }, t("appTitle")), h("span", { class: "spacer" }), languageSwitch());
}
