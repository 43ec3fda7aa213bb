// The conversation list: the first page polled with If-None-Match, further pages on demand, rows kept across
// polls when unchanged, keyboard navigation (↑/↓, Home/End, Enter opens).
import { api, DUTY, MY_POSTS } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { channelShort, findPost, formatFull, languageName, postName, timeElement } from "./format.js";
import { levelChip } from "./levels.js";
import { clearError, report } from "./notices.js";
import { postStatusChip, postStatusKey } from "./postStatus.js";
import { state, t } from "./state.js";
import type { ConversationSummary } from "./types.js";

export const listElements = {
  listHeader: h("div", { class: "list-header" }),
  list: h("ul", { class: "conversation-list", "data-testid": "conversation-list", "aria-label": "" }),
  listFooter: h("div", { class: "list-footer" }),
};
const els = listElements;

/** Opens a conversation (set by app.ts: the thread is a feature above the list). */
let onOpen: (id: string, focusComposer: boolean) => void = () => {};
export function setOpenHandler(handler: (id: string, focusComposer: boolean) => void): void {
  onOpen = handler;
}

export function resetList(): void {
  state.items = [];
  state.firstPageIds = new Set();
  state.continuation = null;
  state.listEtag = null;
  state.listLoaded = false;
  renderList();
}

function listFilter(continuation: string | null = null) {
  return { view: state.view, channel: state.channel, language: state.citizenLanguage, continuation };
}

/** Leaves a search: the post's list in the chosen view again. */
export async function showList(): Promise<void> {
  state.search = null;
  resetList();
  await refreshList(true);
}

/** Whether list items name their post: in "My posts", "On duty" and in search results, which span posts. */
function crossPost(): boolean {
  return state.postId === MY_POSTS || state.postId === DUTY || state.search !== null;
}

/** Loads the first page (with If-None-Match unless forced) and keeps the further pages the agent loaded. */
export async function refreshList(force = false): Promise<void> {
  const postId = state.postId;
  if (!postId || state.search !== null) {
    return; // a search is shown: polling does not replace it
  }
  const filter = listFilter();
  const key = JSON.stringify([postId, filter]);
  const result = await api.conversations(postId, filter, force ? null : state.listEtag);
  if (key !== JSON.stringify([state.postId, listFilter()])) {
    return; // the agent changed the filter meanwhile
  }
  clearError(true);
  state.listEtag = result.etag;
  if (!result.data) {
    return; // 304: nothing changed
  }
  const page = result.data;
  const ids = new Set(page.items.map((item) => item.id));
  const further = state.items.filter((item) => !state.firstPageIds.has(item.id) && !ids.has(item.id));
  state.items = [...page.items, ...further];
  state.firstPageIds = ids;
  if (further.length === 0) {
    state.continuation = page.continuation;
  }
  state.listLoaded = true;
  renderList();
}

async function loadMore(): Promise<void> {
  const postId = state.postId;
  if (!postId || !state.continuation) {
    return;
  }
  try {
    const result = await api.conversations(postId, listFilter(state.continuation));
    if (result.data) {
      const known = new Set(state.items.map((item) => item.id));
      state.items.push(...result.data.items.filter((item) => !known.has(item.id)));
      state.continuation = result.data.continuation;
      renderList();
    }
  } catch (error) {
    report(error);
  }
}

let renderedItems = new Map<string, { key: string; element: HTMLLIElement }>();

export function renderList(): void {
  const activeId = document.activeElement instanceof HTMLElement && els.list.contains(document.activeElement) ? document.activeElement.dataset["id"] : undefined;
  const scroll = els.list.scrollTop;
  const unreadTotal = state.items.reduce((sum, item) => sum + (item.unreadCount > 0 ? item.unreadCount : 0), 0);
  document.title = unreadTotal > 0 ? `(${unreadTotal}) ${t("appTitle")}` : t("appTitle");

  if (state.search !== null) {
    const back = h("button", { type: "button", class: "link-button", "data-testid": "search-clear" }, t("clearSearch"));
    back.addEventListener("click", () => void showList());
    replaceChildren(els.listHeader, h("span", null, t("searchResults", { query: state.search })), h("span", { class: "spacer" }), back);
  } else {
  replaceChildren(
    els.listHeader,
    h("span", null, t(`view_${state.view}`)),
    h("span", { class: "muted" }, state.listLoaded ? ` · ${state.items.length}` : ""),
    unreadTotal > 0 ? h("span", { class: "unread-total", title: t("unread", { count: unreadTotal }) }, t("unread", { count: unreadTotal })) : null,
  );
  }

  const focusable = state.items.some((item) => item.id === state.selectedId) ? state.selectedId : (state.items[0]?.id ?? null);
  // Unchanged rows keep their element (focus, hover and element handles of browser tests survive a poll).
  const previous = renderedItems;
  renderedItems = new Map();
  const items = state.items.map((item) => {
    const key = `${state.language}|${crossPost()}|${crossPost() ? postStatusKey(item.postId) : ""}|${item.id === state.selectedId}|${item.id === focusable}|${JSON.stringify(item)}`;
    const kept = previous.get(item.id);
    const element = kept && kept.key === key ? kept.element : conversationItem(item, item.id === focusable);
    renderedItems.set(item.id, { key, element });
    return element;
  });
  if (!state.listLoaded) {
    replaceChildren(els.list, h("li", { class: "empty" }, t("loading")));
  } else if (items.length === 0) {
    replaceChildren(els.list, h("li", { class: "empty" }, t(state.search !== null ? "noResults" : "noConversations")));
  } else if (items.length !== els.list.children.length || items.some((item, index) => els.list.children[index] !== item)) {
    replaceChildren(els.list, items);
  }
  els.list.scrollTop = scroll;
  if (activeId) {
    els.list.querySelector<HTMLElement>(`[data-id="${CSS.escape(activeId)}"]`)?.focus();
  }

  if (state.continuation) {
    const more = h("button", { type: "button", class: "link-button" }, t("loadMore"));
    more.addEventListener("click", () => void loadMore());
    replaceChildren(els.listFooter, more);
  } else {
    els.listFooter.replaceChildren();
  }
}

function conversationItem(item: ConversationSummary, focusable: boolean): HTMLLIElement {
  const selected = item.id === state.selectedId;
  const reason = item.routingReasons?.[state.language] ?? item.routingReason;
  const tooltip = reason ? t("routingReason", { reason }) : null;
  const classes = ["conversation", item.urgent ? "urgent" : "", item.target ? `target-${item.target}` : "", item.unreadCount > 0 ? "has-unread" : "", selected ? "selected" : "", item.state === "closed" ? "closed" : ""];
  const li = h(
    "li",
    {
      class: classes.filter(Boolean).join(" "),
      "data-testid": "conversation-item",
      "data-id": item.id,
      tabindex: focusable ? 0 : -1,
      "aria-current": selected ? "true" : null,
      title: tooltip,
    },
    h(
      "div",
      { class: "row" },
      item.urgent ? h("span", { class: "urgent-marker", title: t("urgent") }, "!", h("span", { class: "sr-only" }, t("urgent"))) : null,
      h("span", { class: "contact" }, item.contactName || t("unknownContact")),
      levelChip(item.level),
      item.legalHold ? h("span", { class: "chip legal-hold", "data-testid": "conversation-legal-hold" }, t("legalHold")) : null,
      item.target === "breached" || item.target === "near"
        ? h("span", { class: `chip target ${item.target}`, "data-testid": "conversation-target", "data-target": item.target, title: item.dueAt ? t("dueAt", { time: formatFull(item.dueAt) }) : null }, t(item.target === "breached" ? "targetBreached" : "targetNear"))
        : null,
      item.unreadCount > 0 ? h("span", { class: "unread-badge", title: t("unread", { count: item.unreadCount }), "aria-label": t("unread", { count: item.unreadCount }) }, String(item.unreadCount)) : null,
      h("span", { class: "spacer" }),
      timeElement(item.lastActivityAt),
    ),
    h("div", { class: "preview" }, item.preview || t("noPreview")),
    h(
      "div",
      { class: "row meta" },
      h("span", { class: `chip channel ${item.channel === "WhatsApp" ? "wa" : "msg"}`, title: item.channel }, channelShort(item.channel)),
      item.language ? h("span", { class: "chip", title: languageName(item.language) }, item.language.toUpperCase()) : null,
      // The city keeps the row short; the post's full name is the tooltip.
      crossPost() ? h("span", { class: "chip post", "data-testid": "conversation-post", title: postName(findPost(item.postId), state.language) || item.postId }, findPost(item.postId)?.city ?? item.postId) : null,
      crossPost() ? postStatusChip(item.postId, findPost(item.postId)?.timeZone) : null,
      item.state === "closed" ? h("span", { class: "chip" }, t("stateClosed")) : item.waitingFor === "us" ? h("span", { class: "waiting us" }, t("waitingForUs")) : item.waitingFor === "citizen" ? h("span", { class: "waiting" }, t("waitingForCitizen")) : null,
      h("span", { class: "spacer" }),
      item.tags.slice(0, 2).map((tag) => h("span", { class: "chip tag", title: item.tags.join(", ") }, tag)),
      item.tags.length > 2 ? h("span", { class: "muted", title: item.tags.join(", ") }, `+${item.tags.length - 2}`) : null,
      h("span", { class: "assignee" }, item.assignedTo ? (item.assignedToName ?? item.assignedTo) : t("unassigned")),
    ),
  );
  li.addEventListener("click", () => onOpen(item.id, false));
  li.addEventListener("keydown", (event) => onItemKey(event, li, item.id));
  return li;
}

function onItemKey(event: KeyboardEvent, li: HTMLLIElement, id: string): void {
  const items = Array.from(els.list.querySelectorAll<HTMLLIElement>('[data-testid="conversation-item"]'));
  const index = items.indexOf(li);
  let target: HTMLLIElement | undefined;
  switch (event.key) {
    case "Enter":
    case " ":
      event.preventDefault();
      onOpen(id, event.key === "Enter");
      return;
    case "ArrowDown":
      target = items[index + 1];
      break;
    case "ArrowUp":
      target = items[index - 1];
      break;
    case "Home":
      target = items[0];
      break;
    case "End":
      target = items[items.length - 1];
      break;
    default:
      return;
  }
  event.preventDefault();
  if (target) {
    for (const other of items) {
      other.tabIndex = other === target ? 0 : -1;
    }
    target.focus();
  }
}

/** Marks the opened conversation's row without re-rendering the list (the row keeps focus and hover). */
export function markSelected(id: string): void {
  for (const li of els.list.querySelectorAll<HTMLLIElement>('[data-testid="conversation-item"]')) {
    const selected = li.dataset["id"] === id;
    li.classList.toggle("selected", selected);
    li.tabIndex = selected ? 0 : -1;
    if (selected) {
      li.setAttribute("aria-current", "true");
    } else {
      li.removeAttribute("aria-current");
    }
  }
}

/** Focuses the row of `id` (by default the open conversation's), else the first row. */
export function focusSelectedItem(id: string | null = state.selectedId): void {
  const selector = id ? `[data-id="${CSS.escape(id)}"]` : '[data-testid="conversation-item"]';
  els.list.querySelector<HTMLElement>(selector)?.focus();
}
