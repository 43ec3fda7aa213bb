// The triage view: a post's conversations on the left, the open conversation on the right, polled every 3 s.
// All citizen content is put in the page as text (see dom.ts); nothing here builds HTML from strings.
import { openAccountEventsDialog } from "./accountEvents.js";
import { api, ApiError, MY_POSTS, NetworkError, setUnauthorizedHandler } from "./api.js";
import { byTestId, externalLink, h, replaceChildren, safeHttpUrl } from "./dom.js";
import { LOCALES, translate, type TextKey } from "./i18n.js";
import {
  CHANNELS,
  UI_LANGUAGES,
  VIEWS,
  type CannedResponse,
  type ConversationSummary,
  type Me,
  type Message,
  type Post,
  type ReplyRejected,
  type ReplyWindow,
  type Thread,
  type UiLanguage,
  type View,
} from "./types.js";

const POLL_MS = 3000;
/** The template offered outside WhatsApp's 24-hour window when the server does not name one (the contract does not). */
const DEFAULT_TEMPLATE = "helpdesk_follow_up";
const STORAGE = { language: "helpdesk.uiLanguage", post: "helpdesk.postId", view: "helpdesk.view" } as const;

interface PendingReply {
  conversationId: string;
  replyId: string;
  text: string;
  template: string | null;
}

interface State {
  language: UiLanguage;
  me: Me | null;
  postId: string | null;
  /** The search shown instead of the list, or null. */
  search: string | null;
  view: View;
  channel: string;
  citizenLanguage: string;
  items: ConversationSummary[];
  firstPageIds: Set<string>;
  continuation: string | null;
  listEtag: string | null;
  listLoaded: boolean;
  selectedId: string | null;
  thread: Thread | null;
  threadEtag: string | null;
  canned: Map<string, CannedResponse[]>;
  drafts: Map<string, string>;
  pendingReply: PendingReply | null;
  rejection: { conversationId: string; rejected: ReplyRejected } | null;
  busy: boolean;
  error: { text: string; network: boolean } | null;
}

const state: State = {
  language: initialLanguage(null),
  me: null,
  postId: null,
  search: null,
  view: readStored(STORAGE.view, VIEWS) ?? "open",
  channel: "",
  citizenLanguage: "",
  items: [],
  firstPageIds: new Set(),
  continuation: null,
  listEtag: null,
  listLoaded: false,
  selectedId: null,
  thread: null,
  threadEtag: null,
  canned: new Map(),
  drafts: new Map(),
  pendingReply: null,
  rejection: null,
  busy: false,
  error: null,
};

const t = (key: TextKey, params?: Readonly<Record<string, string | number>>): string => translate(state.language, key, params);

/** The routing reason in the agent's interface language when the server gave it in four. */
const localizedReason = (conversation: ConversationSummary): string =>
  conversation.routingReasons?.[state.language] ?? conversation.routingReason ?? "";

// ---------------------------------------------------------------------------------------------------------------
// Preferences

function readStored<T extends string>(key: string, allowed: readonly T[]): T | null {
  try {
    const value = localStorage.getItem(key);
    return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

function initialLanguage(me: Me | null): UiLanguage {
  const chosen = readStored(STORAGE.language, UI_LANGUAGES);
  if (chosen) {
    return chosen;
  }
  if (me && UI_LANGUAGES.includes(me.language)) {
    return me.language;
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.slice(0, 2).toLowerCase();
    if ((UI_LANGUAGES as readonly string[]).includes(primary)) {
      return primary as UiLanguage;
    }
  }
  return "en";
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

function postName(post: Post | undefined, language: string): string {
  if (!post) {
    return "";
  }
  const name = language === "nl" ? post.nameNl : language === "fr" ? post.nameFr : post.nameEn;
  return name || post.nameEn || post.nameFr || post.nameNl || post.id;
}

function findPost(id: string | null | undefined): Post | undefined {
  return state.me?.posts.find((post) => post.id === id);
}

function parseTime(value: string | null | undefined): Date | null {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function formatShort(value: string | null | undefined): string {
  const date = parseTime(value);
  if (!date) {
    return "";
  }
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short" };
  return new Intl.DateTimeFormat(LOCALES[state.language], options).format(date);
}

function formatFull(value: string | null | undefined): string {
  const date = parseTime(value);
  return date ? new Intl.DateTimeFormat(LOCALES[state.language], { dateStyle: "medium", timeStyle: "short" }).format(date) : "";
}

function timeElement(value: string | null | undefined, full = false): HTMLTimeElement {
  return h("time", { datetime: value ?? null, title: formatFull(value) || null }, full ? formatFull(value) : formatShort(value));
}

function languageName(code: string | null | undefined): string {
  switch (code) {
    case "nl":
      return t("lang_nl");
    case "fr":
      return t("lang_fr");
    case "de":
      return t("lang_de");
    case "en":
      return t("lang_en");
    default:
      return code ?? "";
  }
}

function channelShort(channel: string): string {
  return channel === "WhatsApp" ? "WA" : channel === "Messenger" ? "MSG" : channel;
}

function newReplyId(): string {
  if (typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors and notices

const root = document.getElementById("app") ?? document.body;
const errorBar = h("div", { class: "error-bar", "data-testid": "error", role: "alert", hidden: true });
const noticeBar = h("div", { class: "notice-bar", role: "status", "aria-live": "polite" });
let noticeTimer = 0;

function showError(text: string, network = false): void {
  state.error = { text, network };
  renderError();
}

function clearError(onlyNetwork = false): void {
  if (state.error && (!onlyNetwork || state.error.network)) {
    state.error = null;
    renderError();
  }
}

function renderError(): void {
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

function showNotice(text: string): void {
  noticeBar.textContent = text;
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => {
    noticeBar.textContent = "";
  }, 4000);
}

/** Shows what went wrong in the agent's language; 401 is handled by the sign-in screen. */
function report(error: unknown): void {
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

// ---------------------------------------------------------------------------------------------------------------
// Start, sign-in

setUnauthorizedHandler(() => {
  if (state.me) {
    state.me = null;
    void renderSignIn();
  }
});

async function boot(): Promise<void> {
  document.documentElement.lang = state.language;
  replaceChildren(root, h("p", { class: "loading" }, t("loading")));
  try {
    const me = (await api.me()).data;
    if (!me) {
      throw new ApiError(500, null);
    }
    state.me = me;
    state.language = initialLanguage(me);
    const storedPost = (() => {
      try {
        return localStorage.getItem(STORAGE.post);
      } catch {
        return null;
      }
    })();
    state.postId = storedPost === MY_POSTS && me.posts.length > 1 ? MY_POSTS : (me.posts.find((post) => post.id === storedPost)?.id ?? me.posts[0]?.id ?? null);
    renderApp();
    await refreshList(true);
    schedulePoll();
    const linked = conversationFromHash();
    if (linked) {
      await openConversation(linked, false);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await renderSignIn();
    } else {
      renderFatal(error);
    }
  }
}

function renderFatal(error: unknown): void {
  replaceChildren(root, languageBar(), errorBar);
  report(error);
  const retry = h("button", { type: "button" }, t("refresh"));
  retry.addEventListener("click", () => void boot());
  root.append(h("p", { class: "center" }, retry));
}

function languageSwitch(): HTMLSelectElement {
  const select = h(
    "select",
    { "data-testid": "language-switch", "aria-label": t("uiLanguage"), title: t("uiLanguage"), "data-key": "language-switch" },
    UI_LANGUAGES.map((code) => h("option", { value: code, selected: code === state.language }, code.toUpperCase())),
  );
  select.addEventListener("change", () => {
    state.language = select.value as UiLanguage;
    store(STORAGE.language, state.language);
    document.documentElement.lang = state.language;
    if (state.me) {
      renderApp();
    } else {
      void renderSignIn();
    }
    byTestId<HTMLSelectElement>(root, "language-switch")?.focus();
  });
  return select;
}

function languageBar(): HTMLElement {
  return h("header", { class: "topbar" }, h("strong", { class: "brand" }, t("appTitle")), h("span", { class: "spacer" }), languageSwitch());
}

async function renderSignIn(): Promise<void> {
  stopPolling();
  document.title = t("appTitle");
  const devList = h("div", { class: "dev-sign-in" });
  const panel = h(
    "main",
    { class: "sign-in", "data-testid": "sign-in" },
    h("h1", null, t("signInTitle")),
    h("p", null, t("signInText")),
    h("p", null, h("a", { class: "button primary", href: "/.auth/login/aad?post_login_redirect_uri=/" }, t("signInOrganisation"))),
    devList,
  );
  replaceChildren(root, languageBar(), errorBar, panel);
  const agents = await api.devAgents();
  if (agents === null) {
    return; // not Development
  }
  const buttons = agents.map((agent) => {
    const button = h("button", { type: "button", "data-agent-id": agent.id }, t("signInAs", { name: agent.name }));
    button.addEventListener("click", async () => {
      try {
        await api.devSignIn(agent.id);
        await boot();
      } catch (error) {
        report(error);
      }
    });
    return h("li", null, button);
  });
  replaceChildren(devList, h("h2", null, t("signInDevTitle")), buttons.length > 0 ? h("ul", null, buttons) : null, h("p", null, h("a", { href: "/dev/sign-in" }, t("signInDevLink"))));
}

async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } catch (error) {
    if (!(error instanceof ApiError)) {
      report(error);
      return;
    }
  }
  state.me = null;
  state.selectedId = null;
  state.thread = null;
  await renderSignIn();
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

const els = {
  postClock: h("span", { class: "post-clock muted" }),
  listHeader: h("div", { class: "list-header" }),
  list: h("ul", { class: "conversation-list", "data-testid": "conversation-list", "aria-label": "" }),
  listFooter: h("div", { class: "list-footer" }),
  threadPane: h("section", { class: "thread-pane" }),
};

function renderApp(): void {
  const me = state.me;
  if (!me) {
    return;
  }
  document.documentElement.lang = state.language;
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.["key"] ?? null;

  const postPicker = h(
    "select",
    { "aria-label": t("post"), title: t("post"), "data-key": "post", class: "post-picker" },
    me.posts.length > 1 ? h("option", { value: MY_POSTS, selected: state.postId === MY_POSTS }, t("myPosts")) : null,
    me.posts.map((post) => h("option", { value: post.id, selected: post.id === state.postId }, `${postName(post, state.language)} — ${post.city}`)),
  );
  postPicker.addEventListener("change", () => {
    state.postId = postPicker.value;
    state.search = null;
    store(STORAGE.post, state.postId);
    resetList();
    closeThread();
    void refreshList(true);
    updateClock();
  });
  const signOutButton = h("button", { type: "button", class: "link-button" }, t("signOut"));
  signOutButton.addEventListener("click", () => void signOut());
  let accountEventsButton: HTMLButtonElement | null = null;
  if (me.role === "admin") {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "account-events-open", "data-key": "account-events" }, t("accountEvents"));
    button.addEventListener("click", () => openAccountEventsDialog(t, (value) => formatFull(value), () => button.focus()));
    accountEventsButton = button;
  }

  const header = h(
    "header",
    { class: "topbar" },
    h("strong", { class: "brand" }, t("appTitle")),
    me.posts.length > 0 ? postPicker : h("span", { class: "muted" }, t("noPosts")),
    els.postClock,
    noticeBar,
    h("span", { class: "spacer" }),
    h("span", { class: "agent-name", title: me.role }, me.name),
    accountEventsButton,
    languageSwitch(),
    signOutButton,
  );

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

  const searchInput = h("input", { type: "search", "aria-label": t("search"), placeholder: t("searchPlaceholder"), "data-key": "search", "data-testid": "search-input", maxlength: 200, value: state.search ?? "" });
  const searchForm = h("form", { class: "search", role: "search", "aria-label": t("search") }, searchInput, h("button", { type: "submit", "data-testid": "search-submit" }, t("searchButton")));
  searchForm.addEventListener("submit", (event) => {
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

  els.list.setAttribute("aria-label", t("conversations"));
  const listPane = h(
    "nav",
    { class: "list-pane", "aria-label": t("conversations") },
    h("div", { class: "views", role: "group", "aria-label": t("views") }, viewButtons),
    h("div", { class: "filters" }, channelFilter, languageFilter),
    searchForm,
    els.listHeader,
    els.list,
    els.listFooter,
    h("div", { class: "list-help muted small" }, t("keyboardHelp")),
  );

  replaceChildren(root, header, errorBar, h("div", { class: "panes" }, listPane, els.threadPane));
  renderError();
  renderList();
  renderThread(true);
  updateClock();
  if (focusKey) {
    root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }
}

function updateClock(): void {
  const post = findPost(state.postId);
  if (!post) {
    els.postClock.textContent = "";
    return;
  }
  let time = "";
  try {
    time = new Intl.DateTimeFormat(LOCALES[state.language], { hour: "2-digit", minute: "2-digit", timeZone: post.timeZone }).format(new Date());
  } catch {
    time = "";
  }
  els.postClock.textContent = time ? t("localTimeAtPost", { time }) : "";
}

// ---------------------------------------------------------------------------------------------------------------
// Conversation list

function resetList(): void {
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

/** Shows what a search finds in place of the list (an empty query goes back to the list). */
async function runSearch(query: string): Promise<void> {
  if (!query) {
    state.search = null;
    resetList();
    await refreshList(true);
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

/** Whether list items name their post: in "My posts" and in search results, which span posts. */
function crossPost(): boolean {
  return state.postId === MY_POSTS || state.search !== null;
}

/** Loads the first page (with If-None-Match unless forced) and keeps the further pages the agent loaded. */
async function refreshList(force = false): Promise<void> {
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

function renderList(): void {
  const activeId = document.activeElement instanceof HTMLElement && els.list.contains(document.activeElement) ? document.activeElement.dataset["id"] : undefined;
  const scroll = els.list.scrollTop;
  const unreadTotal = state.items.reduce((sum, item) => sum + (item.unreadCount > 0 ? item.unreadCount : 0), 0);
  document.title = unreadTotal > 0 ? `(${unreadTotal}) ${t("appTitle")}` : t("appTitle");

  if (state.search !== null) {
    const back = h("button", { type: "button", class: "link-button", "data-testid": "search-clear" }, t("clearSearch"));
    back.addEventListener("click", () => void runSearch(""));
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
    const key = `${state.language}|${crossPost()}|${item.id === state.selectedId}|${item.id === focusable}|${JSON.stringify(item)}`;
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
  const classes = ["conversation", item.urgent ? "urgent" : "", item.unreadCount > 0 ? "has-unread" : "", selected ? "selected" : "", item.state === "closed" ? "closed" : ""];
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
      item.state === "closed" ? h("span", { class: "chip" }, t("stateClosed")) : item.waitingFor === "us" ? h("span", { class: "waiting us" }, t("waitingForUs")) : item.waitingFor === "citizen" ? h("span", { class: "waiting" }, t("waitingForCitizen")) : null,
      h("span", { class: "spacer" }),
      item.tags.slice(0, 2).map((tag) => h("span", { class: "chip tag", title: item.tags.join(", ") }, tag)),
      item.tags.length > 2 ? h("span", { class: "muted", title: item.tags.join(", ") }, `+${item.tags.length - 2}`) : null,
      h("span", { class: "assignee" }, item.assignedTo ? (item.assignedToName ?? item.assignedTo) : t("unassigned")),
    ),
  );
  li.addEventListener("click", () => void openConversation(item.id, false));
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
      void openConversation(id, event.key === "Enter");
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

function focusSelectedItem(): void {
  const selector = state.selectedId ? `[data-id="${CSS.escape(state.selectedId)}"]` : '[data-testid="conversation-item"]';
  els.list.querySelector<HTMLElement>(selector)?.focus();
}

// ---------------------------------------------------------------------------------------------------------------
// Thread

const thread = {
  header: h("header", { class: "thread-header" }),
  banner: h("div", { class: "reply-window", hidden: true }),
  messages: h("ol", { class: "messages", "aria-label": "" }),
  composer: h("form", { class: "composer" }),
  composerFor: "" as string,
};

function closeThread(): void {
  saveDraft();
  if (location.hash) {
    history.replaceState(null, "", location.pathname + location.search);
  }
  state.selectedId = null;
  state.thread = null;
  state.threadEtag = null;
  renderThread(true);
}

/** `#c=<id>` opens that conversation (a link an agent can keep or share with a colleague of the same post). */
function conversationFromHash(): string | null {
  const match = /^#c=(.+)$/.exec(location.hash);
  if (!match?.[1]) {
    return null;
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

async function openConversation(id: string, focusComposer: boolean): Promise<void> {
  if (conversationFromHash() !== id) {
    history.replaceState(null, "", `#c=${encodeURIComponent(id)}`);
  }
  if (state.selectedId !== id) {
    saveDraft();
    state.selectedId = id;
    state.thread = null;
    state.threadEtag = null;
    state.rejection = null;
    renderThread(true);
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
  try {
    await reloadThread(true);
  } catch (error) {
    report(error);
    return;
  }
  if (focusComposer) {
    byTestId<HTMLTextAreaElement>(thread.composer, "composer-text")?.focus();
  }
}

async function reloadThread(force: boolean): Promise<void> {
  const id = state.selectedId;
  if (!id) {
    return;
  }
  let result;
  try {
    result = await api.thread(id, force ? null : state.threadEtag);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && state.selectedId === id) {
      closeThread();
    }
    throw error;
  }
  if (state.selectedId !== id) {
    return;
  }
  clearError(true);
  state.threadEtag = result.etag;
  if (!result.data) {
    return;
  }
  state.thread = result.data;
  const summary = state.items.find((item) => item.id === id);
  if (summary) {
    Object.assign(summary, pickSummary(result.data.conversation), { unreadCount: 0 });
    renderList();
  }
  renderThread(false);
  void loadCanned(currentCitizenLanguage());
}

function pickSummary(conversation: ConversationSummary): Partial<ConversationSummary> {
  const { id, postId, channel, contactName, language, state: conversationState, assignedTo, assignedToName, lastActivityAt, lastInboundAt, preview, waitingFor, urgent, tags, routingStep, routingReason, routingReasons } =
    conversation;
  return { id, postId, channel, contactName, language, state: conversationState, assignedTo, assignedToName, lastActivityAt, lastInboundAt, preview, waitingFor, urgent, tags, routingStep, routingReason, routingReasons };
}

function currentCitizenLanguage(): string {
  return state.thread?.contact.language || state.thread?.conversation.language || "en";
}

function renderThread(reset: boolean): void {
  const data = state.thread;
  if (!state.selectedId) {
    thread.composerFor = "";
    replaceChildren(els.threadPane, h("div", { class: "placeholder" }, t("noSelection")));
    return;
  }
  if (!data) {
    thread.composerFor = "";
    replaceChildren(els.threadPane, h("div", { class: "placeholder", "data-testid": "thread" }, t("loading")));
    return;
  }
  const messagesEl = thread.messages;
  const atBottom = reset || messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;

  preserveFocus(() => {
    renderThreadHeader(data);
    renderBanner(data);
    replaceChildren(messagesEl, data.messages.map(renderMessage));
    if (thread.composerFor !== `${data.conversation.id}|${state.language}`) {
      renderComposer(data);
    } else {
      updateComposer(data);
    }
  });
  messagesEl.setAttribute("aria-label", data.contact.name || data.conversation.contactName || t("unknownContact"));
  if (!els.threadPane.contains(thread.header)) {
    replaceChildren(
      els.threadPane,
      h("article", { class: "thread", "data-testid": "thread", "data-id": data.conversation.id }, thread.header, thread.banner, messagesEl, thread.composer),
    );
  } else {
    els.threadPane.querySelector('[data-testid="thread"]')?.setAttribute("data-id", data.conversation.id);
  }
  if (atBottom) {
    messagesEl.scrollTop = messagesEl.scrollHeight;
  }
}

/** Re-rendering keeps the control the agent is in (by its data-key), with its value and caret. */
function preserveFocus(render: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active?.dataset?.["key"];
  const inThread = active ? els.threadPane.contains(active) : false;
  const value = active instanceof HTMLInputElement ? active.value : null;
  const selection = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] : null;
  render();
  if (!key || !inThread || active?.isConnected) {
    return;
  }
  const replacement = els.threadPane.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  if (!replacement) {
    return;
  }
  if (replacement instanceof HTMLInputElement && value !== null) {
    replacement.value = value;
    replacement.focus();
    if (selection) {
      replacement.setSelectionRange(selection[0] ?? value.length, selection[1] ?? value.length);
    }
  } else {
    replacement.focus();
  }
}

function actionButton(label: string, testId: string, onClick: () => void, extra: Record<string, string> = {}): HTMLButtonElement {
  const button = h("button", { type: "button", "data-testid": testId, "data-key": testId, disabled: state.busy, ...extra }, label);
  button.addEventListener("click", onClick);
  return button;
}

function renderThreadHeader(data: Thread): void {
  const conversation = data.conversation;
  const me = state.me;
  const assignedToMe = !!me && conversation.assignedTo === me.id;
  const actions = h(
    "div",
    { class: "actions" },
    !assignedToMe ? actionButton(t("assignMe"), "assign-me", () => void act((id, etag) => api.assign(id, etag))) : null,
    conversation.assignedTo ? actionButton(t("unassign"), "unassign", () => void act((id, etag) => api.unassign(id, etag))) : null,
    actionButton(t("transfer"), "transfer", () => openTransferDialog()),
    conversation.state === "closed"
      ? actionButton(t("reopen"), "reopen", () => void act((id, etag) => api.reopen(id, etag)))
      : actionButton(t("close"), "close", () => void act((id, etag) => api.close(id, etag))),
  );

  const history = conversation.routingHistory ?? [];
  const historyTable =
    history.length === 0
      ? h("p", { class: "muted" }, t("noRoutingHistory"))
      : h(
          "table",
          { class: "history" },
          h("thead", null, h("tr", null, [t("colAt"), t("colPost"), t("colStep"), t("colReason"), t("colBy"), t("colPlace")].map((label) => h("th", { scope: "col" }, label)))),
          h(
            "tbody",
            null,
            history.map((entry) =>
              h(
                "tr",
                null,
                h("td", null, timeElement(entry.at, true)),
                h("td", null, postName(findPost(entry.postId), state.language) || entry.postId || ""),
                h("td", null, entry.step ?? ""),
                h("td", null, entry.reasons?.[state.language] ?? entry.reason ?? ""),
                h("td", null, entry.by ?? ""),
                h("td", null, entry.place ?? ""),
              ),
            ),
          ),
        );

  replaceChildren(
    thread.header,
    h(
      "div",
      { class: "row" },
      conversation.urgent ? h("span", { class: "urgent-marker" }, "!", h("span", { class: "sr-only" }, t("urgent"))) : null,
      h("h2", { class: "contact" }, data.contact.name || conversation.contactName || t("unknownContact")),
      h("span", { class: `chip channel ${conversation.channel === "WhatsApp" ? "wa" : "msg"}` }, conversation.channel),
      h("span", { class: `chip state ${conversation.state}` }, conversation.state === "closed" ? t("stateClosed") : t("stateOpen")),
      conversation.urgent ? h("span", { class: "chip urgent" }, t("urgent")) : null,
      h("span", { class: "assignee" }, conversation.assignedTo ? t("assignedTo", { name: conversation.assignedToName ?? conversation.assignedTo }) : t("unassigned")),
      h("span", { class: "spacer" }),
      actions,
    ),
    h(
      "div",
      { class: "row small" },
      h("span", { class: "routing", title: localizedReason(conversation) }, `${t("routing")}: `, conversation.routingStep ? h("b", null, conversation.routingStep) : null, conversation.routingStep && localizedReason(conversation) ? " — " : "", localizedReason(conversation)),
      h("details", { class: "routing-history" }, h("summary", { "data-key": "routing-history" }, t("routingHistory")), historyTable),
      h("span", { class: "spacer" }),
      data.contact.lastInboundAt ? h("span", { class: "muted" }, t("lastInbound", { time: formatFull(data.contact.lastInboundAt) })) : null,
    ),
    renderTags(conversation.tags),
  );
}

function renderTags(tags: string[]): HTMLElement {
  const input = h("input", { type: "text", class: "tag-input", placeholder: t("addTag"), "aria-label": t("addTag"), maxlength: state.me?.limits?.tag ?? null, "data-key": "tag-input", disabled: state.busy });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    const tag = input.value.trim();
    if (!tag || tags.includes(tag)) {
      input.value = "";
      return;
    }
    const max = state.me?.limits?.tags;
    if (max !== undefined && tags.length >= max) {
      showError(t("tooManyTags", { max }));
      return;
    }
    void act((id, etag) => api.tags(id, etag, [...tags, tag])).then((ok) => {
      if (ok) {
        const fresh = thread.header.querySelector<HTMLInputElement>('[data-key="tag-input"]');
        if (fresh) {
          fresh.value = "";
          fresh.focus();
        }
      }
    });
  });
  return h(
    "div",
    { class: "row tags", role: "group", "aria-label": t("tags") },
    h("span", { class: "muted" }, `${t("tags")}:`),
    tags.map((tag) => {
      const remove = h("button", { type: "button", class: "tag-remove", "aria-label": t("removeTag", { tag }), title: t("removeTag", { tag }), disabled: state.busy }, "×");
      remove.addEventListener("click", () => void act((id, etag) => api.tags(id, etag, tags.filter((other) => other !== tag))));
      return h("span", { class: "chip tag" }, tag, remove);
    }),
    input,
  );
}

function replyWindowText(window: ReplyWindow): string {
  const explanation = window.explanation?.[state.language];
  if (explanation) {
    return explanation;
  }
  switch (window.mode) {
    case "tag":
      return t("rwTag");
    case "template":
      return t("rwTemplate");
    case "closed":
      return t("rwClosed");
    default:
      return window.until ? t("replyWindowUntil", { time: formatFull(window.until) }) : "";
  }
}

function renderBanner(data: Thread): void {
  const rejected = state.rejection?.conversationId === data.conversation.id ? state.rejection.rejected : null;
  const window = rejected?.replyWindow ?? data.contact.replyWindow;
  if (!window || (window.mode === "free" && !rejected)) {
    thread.banner.hidden = true;
    thread.banner.replaceChildren();
    thread.banner.className = "reply-window";
    return;
  }
  thread.banner.hidden = false;
  thread.banner.className = `reply-window mode-${window.mode}${rejected ? " rejected" : ""}`;
  const template = window.template || DEFAULT_TEMPLATE;
  const offerTemplate = window.mode === "template";
  const button = offerTemplate ? h("button", { type: "button", "data-testid": "send-template", "data-key": "send-template", disabled: state.busy }, t("sendTemplate")) : null;
  button?.addEventListener("click", () => void sendReply(template));
  replaceChildren(
    thread.banner,
    rejected ? h("strong", null, `${t("replyRejected")} `) : null,
    h("span", null, replyWindowText(window)),
    window.until && window.mode !== "free" ? h("span", { class: "muted" }, ` (${formatFull(window.until)})`) : null,
    button ? h("span", { class: "spacer" }) : null,
    button,
  );
}

// --- messages

function renderMessage(message: Message): HTMLLIElement {
  const direction = message.direction === "in" || message.direction === "note" ? message.direction : "out";
  const author =
    direction === "in" ? state.thread?.contact.name || state.thread?.conversation.contactName || t("citizen") : (message.author ?? "");
  return h(
    "li",
    { class: `message ${direction} kind-${message.kind.replace(/[^a-z0-9-]/gi, "")}`, "data-testid": "message", "data-direction": direction, "data-id": message.id },
    h(
      "div",
      { class: "bubble" },
      direction === "note" ? h("div", { class: "note-label" }, t("noteLabel")) : null,
      messageBody(message),
      h("div", { class: "meta" }, author ? h("span", { class: "author" }, author) : null, timeElement(message.sentAt), direction === "out" ? messageStatus(message) : null),
      message.status === "Failed" && message.errors && message.errors.length > 0
        ? h(
            "ul",
            { class: "errors" },
            message.errors.map((error) => h("li", null, `${error.title}${error.code !== undefined && error.code !== null ? ` (${error.code})` : ""}`)),
          )
        : null,
    ),
  );
}

function messageStatus(message: Message): HTMLElement | null {
  if (!message.status) {
    return null;
  }
  const symbols: Record<string, string> = { Pending: "◷", Sent: "✓", Delivered: "✓✓", Read: "✓✓", Failed: "⚠" };
  const key = `status_${message.status}` as TextKey;
  const label = ["Pending", "Sent", "Delivered", "Read", "Failed"].includes(message.status) ? t(key) : message.status;
  return h("span", { class: `status status-${message.status.toLowerCase()}`, "data-status": message.status }, h("span", { "aria-hidden": "true" }, symbols[message.status] ?? ""), ` ${label}`);
}

function messageBody(message: Message): HTMLElement {
  const body = h("div", { class: "body" });
  let shown = false;
  if (message.location) {
    body.append(locationBlock(message.location));
    shown = true;
  }
  if (message.text) {
    body.append(h("p", { class: "text" }, message.text));
    shown = true;
  }
  for (const attachment of message.attachments ?? []) {
    body.append(attachmentBlock(attachment));
    shown = true;
  }
  if (message.quickReplies && message.quickReplies.length > 0) {
    body.append(
      h(
        "div",
        { class: "quick-replies" },
        h("span", { class: "muted" }, `${t("quickReplies")}:`),
        message.quickReplies.map((reply) => h("span", { class: "chip quick", title: reply.payload }, reply.title)),
      ),
    );
    shown = true;
  }
  if (!shown) {
    body.append(h("p", { class: "muted" }, t("unknownKind", { kind: message.kind })));
  }
  return body;
}

function attachmentBlock(attachment: NonNullable<Message["attachments"]>[number]): HTMLElement {
  const isImage = attachment.contentKind === "image" || (attachment.contentType ?? "").startsWith("image/");
  const kind = isImage ? t("image") : attachment.contentKind === "document" ? t("document") : t("attachment");
  const label = attachment.name || kind;
  const href = safeHttpUrl(attachment.url);
  return h(
    "div",
    { class: `attachment ${isImage ? "image" : "file"}` },
    attachment.name ? h("span", { class: "attachment-kind" }, `${kind}: `) : null,
    href ? externalLink(href, label) : h("span", null, label, " ", h("span", { class: "muted" }, t("linkRemoved"))),
    attachment.contentType ? h("span", { class: "muted" }, ` ${attachment.contentType}`) : null,
    attachment.caption ? h("div", { class: "caption" }, attachment.caption) : null,
  );
}

function locationBlock(location: NonNullable<Message["location"]>): HTMLElement {
  const lat = Number(location.latitude);
  const lon = Number(location.longitude);
  const valid = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const coordinates = valid ? `${lat.toFixed(5)}, ${lon.toFixed(5)}` : "";
  return h(
    "div",
    { class: "location" },
    h("span", { class: "attachment-kind" }, `${t("location")}: `),
    h("b", null, location.name || t("location")),
    location.address ? h("div", null, location.address) : null,
    valid
      ? h(
          "div",
          null,
          h("span", { class: "muted" }, `${t("coordinates")}: `),
          h("span", { class: "coords" }, coordinates),
          " · ",
          externalLink(`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`, t("openMap")),
        )
      : null,
  );
}

// --- composer

function saveDraft(): void {
  const textarea = byTestId<HTMLTextAreaElement>(thread.composer, "composer-text");
  if (textarea && state.selectedId && thread.composerFor.startsWith(`${state.selectedId}|`)) {
    if (textarea.value) {
      state.drafts.set(state.selectedId, textarea.value);
    } else {
      state.drafts.delete(state.selectedId);
    }
  }
}

function renderComposer(data: Thread): void {
  const id = data.conversation.id;
  if (thread.composerFor.startsWith(`${id}|`)) {
    saveDraft();
  }
  thread.composerFor = `${id}|${state.language}`;
  const textarea = h("textarea", {
    "data-testid": "composer-text",
    "data-key": "composer-text",
    rows: 4,
    "aria-label": t("composerLabel"),
    placeholder: t("composerPlaceholder"),
  });
  textarea.value = state.drafts.get(id) ?? "";
  textarea.addEventListener("input", () => {
    if (textarea.value) {
      state.drafts.set(id, textarea.value);
    } else {
      state.drafts.delete(id);
    }
    updateCounter();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void sendReply(null);
    } else if (event.key === "Escape") {
      event.preventDefault();
      focusSelectedItem();
    }
  });

  const languageSelect = h("select", { class: "citizen-language", "data-key": "citizen-language", "aria-label": t("citizenLanguage") });
  languageSelect.addEventListener("change", () => {
    const language = languageSelect.value as UiLanguage;
    void act((cid, etag) => api.language(cid, etag, language)).then(() => void loadCanned(language));
  });
  const cannedSelect = h("select", { class: "canned", "data-key": "canned", "aria-label": t("cannedPick") });
  cannedSelect.addEventListener("change", () => {
    const chosen = state.canned.get(currentCitizenLanguage())?.find((item) => item.id === cannedSelect.value);
    cannedSelect.value = "";
    if (chosen) {
      insertAtCaret(textarea, fillPlaceholders(chosen.text));
      textarea.focus();
    }
  });

  const send = h("button", { type: "submit", class: "primary", "data-testid": "send", "data-key": "send" }, t("send"));
  const note = h("button", { type: "button", class: "note-button", "data-testid": "note", "data-key": "note" }, t("addNote"));
  note.addEventListener("click", () => void addNote());

  replaceChildren(
    thread.composer,
    h(
      "div",
      { class: "row composer-tools" },
      h("label", { class: "small" }, `${t("citizenLanguage")} `, languageSelect),
      h("span", { class: "language-source muted small" }),
      h("span", { class: "spacer" }),
      cannedSelect,
    ),
    textarea,
    h(
      "div",
      { class: "row composer-actions" },
      send,
      note,
      h("span", { class: "spacer" }),
      h("span", { class: "char-count small", "data-testid": "char-count", "aria-live": "polite" }),
      h("span", { class: "muted small" }, "Ctrl+Enter"),
    ),
  );
  thread.composer.onsubmit = (event) => {
    event.preventDefault();
    void sendReply(null);
  };
  updateComposer(data);
}

/** The parts of the composer that follow the conversation (language, canned list, busy) without touching the draft. */
function updateComposer(data: Thread): void {
  const language = currentCitizenLanguage();
  const languageSelect = thread.composer.querySelector<HTMLSelectElement>(".citizen-language");
  if (languageSelect) {
    const codes: string[] = [...UI_LANGUAGES];
    if (!codes.includes(language)) {
      codes.push(language);
    }
    replaceChildren(languageSelect, codes.map((code) => h("option", { value: code, selected: code === language, disabled: !(UI_LANGUAGES as readonly string[]).includes(code) }, `${languageName(code)} (${code})`)));
    languageSelect.disabled = state.busy;
  }
  const source = thread.composer.querySelector(".language-source");
  if (source) {
    source.textContent = data.contact.languageSource ? t("languageSource", { source: data.contact.languageSource }) : "";
  }
  const cannedSelect = thread.composer.querySelector<HTMLSelectElement>(".canned");
  if (cannedSelect) {
    const canned = state.canned.get(language) ?? [];
    replaceChildren(cannedSelect, h("option", { value: "" }, t("cannedPick")), canned.map((item) => h("option", { value: item.id, title: fillPlaceholders(item.text) }, item.title)));
    cannedSelect.disabled = canned.length === 0;
  }
  for (const button of thread.composer.querySelectorAll("button")) {
    button.disabled = state.busy;
  }
  updateCounter();
}

/** The longest reply the conversation's channel takes (from /me), or null when the server did not say. */
function replyLimit(): number | null {
  const channel = state.thread?.conversation.channel;
  return (channel && state.me?.limits?.reply[channel]) || null;
}

/** Counts down the characters left for the channel; above the limit, says by how much and blocks sending. */
function updateCounter(): void {
  const counter = byTestId(thread.composer, "char-count");
  const textarea = byTestId<HTMLTextAreaElement>(thread.composer, "composer-text");
  const send = byTestId<HTMLButtonElement>(thread.composer, "send");
  const limit = replyLimit();
  if (!counter || !textarea || limit === null) {
    return;
  }
  const left = limit - textarea.value.trim().length;
  counter.textContent = left >= 0 ? t("charsLeft", { count: left }) : t("charsOver", { count: -left });
  counter.classList.toggle("over", left < 0);
  counter.classList.toggle("muted", left >= 0);
  if (send) {
    send.disabled = state.busy || left < 0;
  }
}

function fillPlaceholders(text: string): string {
  const data = state.thread;
  const values: Record<string, string> = {
    name: data?.contact.name || data?.conversation.contactName || "",
    post: postName(findPost(data?.conversation.postId ?? state.postId), currentCitizenLanguage()),
    agent: state.me?.name ?? "",
  };
  return text.replace(/\{(name|post|agent)\}/g, (_whole, key: string) => values[key] ?? "");
}

function insertAtCaret(textarea: HTMLTextAreaElement, text: string): void {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  textarea.setRangeText(text, start, end, "end");
  textarea.dispatchEvent(new Event("input"));
}

async function loadCanned(language: string): Promise<void> {
  if (state.canned.has(language)) {
    if (state.thread) {
      updateComposer(state.thread);
    }
    return;
  }
  try {
    const result = await api.canned(language);
    state.canned.set(language, result.data ?? []);
  } catch (error) {
    if (error instanceof NetworkError) {
      return;
    }
    state.canned.set(language, []);
  }
  if (state.thread) {
    updateComposer(state.thread);
  }
}

// --- actions

function setBusy(busy: boolean): void {
  state.busy = busy;
  for (const control of els.threadPane.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>("button, input, select")) {
    control.disabled = busy || (control.classList.contains("canned") && (control as HTMLSelectElement).options.length <= 1);
  }
  els.threadPane.setAttribute("aria-busy", busy ? "true" : "false");
  updateCounter();
}

/** Runs a change with If-Match; on 412 reloads and tells the agent; then reloads thread and list. */
async function act(change: (id: string, etag: string) => Promise<unknown>, notice?: TextKey): Promise<boolean> {
  const data = state.thread;
  if (!data || state.busy) {
    return false;
  }
  setBusy(true);
  let ok = false;
  try {
    await change(data.conversation.id, data.conversation.etag);
    ok = true;
    clearError();
    if (notice) {
      showNotice(t(notice));
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      showError(t("conflictReloaded"));
    } else {
      report(error);
    }
  } finally {
    setBusy(false);
  }
  await Promise.allSettled([reloadThread(true), refreshList(true)]);
  return ok;
}

async function sendReply(template: string | null): Promise<void> {
  const data = state.thread;
  const textarea = byTestId<HTMLTextAreaElement>(thread.composer, "composer-text");
  if (!data || !textarea || state.busy) {
    return;
  }
  const text = textarea.value.trim();
  if (!text && !template) {
    showError(t("emptyText"));
    textarea.focus();
    return;
  }
  const limit = replyLimit();
  if (limit !== null && text.length > limit) {
    showError(t("replyTooLong", { channel: data.conversation.channel, max: limit }));
    textarea.focus();
    return;
  }
  const id = data.conversation.id;
  // The same draft sent again (after a network failure) keeps its replyId, so the server sends it once.
  const previous = state.pendingReply;
  const pending: PendingReply =
    previous && previous.conversationId === id && previous.text === text && previous.template === template ? previous : { conversationId: id, replyId: newReplyId(), text, template };
  state.pendingReply = pending;

  setBusy(true);
  try {
    await api.reply(id, data.conversation.etag, template ? { replyId: pending.replyId, text, template } : { replyId: pending.replyId, text });
    state.pendingReply = null;
    state.rejection = null;
    state.drafts.delete(id);
    if (state.selectedId === id) {
      textarea.value = "";
    }
    clearError();
    showNotice(t("sent"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      state.pendingReply = null;
      showError(t("conflictReloaded"));
    } else if (error instanceof ApiError && error.status === 409) {
      state.pendingReply = null;
      showError(t("replyClosed"));
    } else if (error instanceof ApiError && error.status === 422) {
      state.pendingReply = null;
      const body = (error.body ?? {}) as Partial<ReplyRejected>;
      const rejected: ReplyRejected = { reason: body.reason ?? "", replyWindow: body.replyWindow ?? data.contact.replyWindow };
      state.rejection = { conversationId: id, rejected };
      const explanation = rejected.replyWindow ? replyWindowText(rejected.replyWindow) : rejected.reason;
      showError(`${t("replyRejected")} ${explanation}`);
    } else {
      report(error);
    }
  } finally {
    setBusy(false);
  }
  await Promise.allSettled([reloadThread(true), refreshList(true)]);
  if (state.selectedId === id) {
    byTestId<HTMLTextAreaElement>(thread.composer, "composer-text")?.focus();
  }
}

async function addNote(): Promise<void> {
  const textarea = byTestId<HTMLTextAreaElement>(thread.composer, "composer-text");
  const text = textarea?.value.trim() ?? "";
  if (!textarea || !text) {
    showError(t("emptyText"));
    textarea?.focus();
    return;
  }
  const max = state.me?.limits?.note;
  if (max !== undefined && text.length > max) {
    showError(t("noteTooLong", { max }));
    textarea.focus();
    return;
  }
  const id = state.selectedId;
  const ok = await act((cid, etag) => api.note(cid, etag, text), "noteAdded");
  if (ok && id) {
    state.drafts.delete(id);
    const current = byTestId<HTMLTextAreaElement>(thread.composer, "composer-text");
    if (current && state.selectedId === id) {
      current.value = "";
      current.focus();
    }
  }
}

function openTransferDialog(): void {
  const data = state.thread;
  const me = state.me;
  if (!data || !me) {
    return;
  }
  const others = (me.transferTargets ?? me.posts).filter((post) => post.id !== data.conversation.postId);
  const OTHER = "\u0000other";
  const postSelect = h(
    "select",
    { required: true, id: "transfer-post" },
    others.map((post) => h("option", { value: post.id }, `${postName(post, state.language)} — ${post.city}, ${post.country}`)),
    h("option", { value: OTHER }, t("transferOtherPost")),
  );
  const postIdInput = h("input", { type: "text", id: "transfer-post-id", hidden: others.length > 0, "aria-label": t("transferPostId"), placeholder: t("transferPostId") });
  const reason = h("textarea", { id: "transfer-reason", required: true, rows: 3, maxlength: me.limits?.transferReason ?? null });
  const confirm = h("button", { type: "submit", class: "primary", "data-testid": "transfer-confirm" }, t("transferConfirm"));
  const cancel = h("button", { type: "button" }, t("cancel"));
  const form = h(
    "form",
    { method: "dialog", class: "transfer-form" },
    h("h2", null, t("transferTitle")),
    h("label", { for: "transfer-post" }, t("post")),
    postSelect,
    postIdInput,
    h("label", { for: "transfer-reason" }, t("transferReason")),
    reason,
    h("div", { class: "row" }, h("span", { class: "spacer" }), cancel, confirm),
  );
  const dialog = h("dialog", { class: "transfer-dialog", "data-testid": "transfer-dialog", "aria-label": t("transferTitle") }, form);
  postSelect.value = others[0]?.id ?? OTHER;
  const syncOther = () => {
    postIdInput.hidden = postSelect.value !== OTHER;
    postIdInput.required = postSelect.value === OTHER;
  };
  syncOther();
  postSelect.addEventListener("change", syncOther);
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    byTestId(thread.header, "transfer")?.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const postId = postSelect.value === OTHER ? postIdInput.value.trim() : postSelect.value;
    const why = reason.value.trim();
    if (!postId || !why) {
      (postId ? reason : postIdInput).focus();
      return;
    }
    dialog.close();
    void act((id, etag) => api.transfer(id, etag, postId, why)).then((ok) => {
      if (ok) {
        showNotice(t("transferDone"));
        if (state.thread && state.postId !== MY_POSTS && state.thread.conversation.postId !== state.postId) {
          closeThread();
          focusSelectedItem();
        }
      }
    });
  });
  document.body.append(dialog);
  dialog.showModal();
  (others.length > 0 ? reason : postIdInput).focus();
}

// ---------------------------------------------------------------------------------------------------------------
// Polling: the list and the open thread every 3 s with If-None-Match; paused while the tab is hidden.

let pollTimer = 0;
let polling = false;

function schedulePoll(): void {
  window.clearTimeout(pollTimer);
  pollTimer = window.setTimeout(() => void poll(), POLL_MS);
}

function stopPolling(): void {
  window.clearTimeout(pollTimer);
  pollTimer = 0;
}

async function poll(): Promise<void> {
  if (!state.me) {
    return;
  }
  if (!document.hidden && !polling && !state.busy) {
    polling = true;
    try {
      const results = await Promise.allSettled([refreshList(false), state.selectedId && state.thread ? reloadThread(false) : Promise.resolve()]);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
      if (failure) {
        report(failure.reason);
      }
      updateClock();
    } finally {
      polling = false;
    }
  }
  if (state.me) {
    schedulePoll();
  }
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && state.me) {
    void poll();
  }
});

// A link pasted into the address bar of the open page changes only the hash: open what it names.
window.addEventListener("hashchange", () => {
  const named = conversationFromHash();
  if (named && named !== state.selectedId && state.me) {
    void openConversation(named, false);
  }
});

void boot();
