// What the list shows: the views (open, unassigned, mine, waiting, urgent, closed) and the channel and language filters.
import { h } from "./dom.js";
import { languageName } from "./format.js";
import { refreshList, resetList } from "./list.js";
import { state, store, STORAGE, t } from "./state.js";
import { CHANNELS, UI_LANGUAGES, VIEWS } from "./types.js";

/** The view buttons and the filters above the list. */
export function listControls(): HTMLElement[] {
  const viewButtons = VIEWS.map((view) => {
    const button = h("button", { type: "button", class: "view-button", "aria-pressed": view === state.view ? "true" : "false", "data-view": view, "data-key": `view-${view}` }, t(`view_${view}`));
    button.addEventListener("click", () => {
      state.view = view;
      store(STORAGE.view, view);
      for (const other of button.parentElement?.children ?? []) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      }
      resetList();
      void refreshList(true);
    });
    return button;
  });

  const channelFilter = h(
    "select",
    { "aria-label": t("channel"), "data-key": "channel-filter" },
    h("option", { value: "" }, t("allChannels")),
    CHANNELS.map((channel) => h("option", { value: channel, selected: channel === state.channel }, channel)),
  );
  channelFilter.addEventListener("change", () => {
    state.channel = channelFilter.value;
    resetList();
    void refreshList(true);
  });
  const languageFilter = h(
    "select",
    { "aria-label": t("language"), "data-key": "language-filter" },
    h("option", { value: "" }, t("allLanguages")),
    UI_LANGUAGES.map((code) => h("option", { value: code, selected: code === state.citizenLanguage }, languageName(code))),
  );
  languageFilter.addEventListener("change", () => {
    state.citizenLanguage = languageFilter.value;
    resetList();
    void refreshList(true);
  });

  return [h("div", { class: "views", role: "group", "aria-label": t("views") }, viewButtons), h("div", { class: "filters" }, channelFilter, languageFilter)];
}
