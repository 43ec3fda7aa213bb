// The search box: what it finds replaces the list (conversations of the agent's posts, open or closed); an empty
// query or Escape goes back to the list.
import { api } from "./api.js";
import { h } from "./dom.js";
import { renderList, showList } from "./list.js";
import { clearError, report } from "./notices.js";
import { state, t } from "./state.js";

/** The search form above the list. */
export function searchForm(): HTMLFormElement {
  const searchInput = h("input", { type: "search", "aria-label": t("search"), placeholder: t("searchPlaceholder"), "data-key": "search", "data-testid": "search-input", maxlength: 200, value: state.search ?? "" });
  const form = h("form", { class: "search", role: "search", "aria-label": t("search") }, searchInput, h("button", { type: "submit", "data-testid": "search-submit" }, t("searchButton")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void runSearch(searchInput.value.trim());
  });
  searchInput.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.search !== null) {
      event.preventDefault();
      searchInput.value = "";
      void runSearch("");
    }
  });
  return form;
}

/** Shows what a search finds in place of the list (an empty query goes back to the list). */
async function runSearch(query: string): Promise<void> {
  if (!query) {
    await showList();
    return;
  }
  state.search = query;
  state.items = [];
  state.continuation = null;
  state.listLoaded = false;
  renderList();
  try {
    const result = await api.search(query);
    if (state.search !== query) {
      return; // another search (or the list) was asked for meanwhile
    }
    clearError(true);
    state.items = result.data?.items ?? [];
    state.firstPageIds = new Set(state.items.map((item) => item.id));
    state.listLoaded = true;
    renderList();
  } catch (error) {
    report(error);
  }
}
