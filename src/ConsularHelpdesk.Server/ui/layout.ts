// The signed-in page: the top bar, then the list pane and the thread pane side by side (one column on a phone:
// see app.css). Re-drawn whole when the interface language changes; the list and thread keep their elements.
import { openAccountEventsDialog } from "./accountEvents.js";
import { openAgents } from "./agents.js";
import { alertsButton, renderAlertsButton } from "./alerts.js";
import { mayReadAudit, openAudit } from "./audit.js";
import { mayHandlePrivacy, openPrivacy } from "./privacy.js";
import { h, replaceChildren } from "./dom.js";
import { mayManageCrises, openCrises } from "./crises.js";
import { dutyPanel, renderDutyPanel } from "./dutyPanel.js";
import { listControls } from "./filters.js";
import { formatFull } from "./format.js";
import { languageSwitch } from "./languageSwitch.js";
import { listElements, renderList } from "./list.js";
import { errorBar, noticeBar, renderError } from "./notices.js";
import { postClock, postPicker, updateClock } from "./postPicker.js";
import { root } from "./root.js";
import { mayEditRoster, openRoster } from "./roster.js";
import { searchForm } from "./search.js";
import { signOut } from "./signIn.js";
import { state, t } from "./state.js";
import { renderThread } from "./thread.js";
import { threadPane } from "./threadElements.js";

export function renderApp(): void {
  const me = state.me;
  if (!me) {
    return;
  }
  document.documentElement.lang = state.language;
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.["key"] ?? null;

  const signOutButton = h("button", { type: "button", class: "link-button" }, t("signOut"));
  signOutButton.addEventListener("click", () => void signOut());
  let accountEventsButton: HTMLButtonElement | null = null;
  if (me.role === "admin") {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "account-events-open", "data-key": "account-events" }, t("accountEvents"));
    button.addEventListener("click", () => openAccountEventsDialog(t, (value) => formatFull(value), () => button.focus()));
    accountEventsButton = button;
  }

  let rosterButton: HTMLButtonElement | null = null;
  if (mayEditRoster()) {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "roster-open", "data-key": "roster" }, t("roster"));
    button.addEventListener("click", () => openRoster(button));
    rosterButton = button;
  }
  let crisesButton: HTMLButtonElement | null = null;
  if (mayManageCrises()) {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "crises-open", "data-key": "crises" }, t("crises"));
    button.addEventListener("click", () => openCrises(button));
    crisesButton = button;
  }
  let agentsButton: HTMLButtonElement | null = null;
  if (me.role === "admin") {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "agents-open", "data-key": "agents" }, t("agentsScreen"));
    button.addEventListener("click", () => openAgents(button));
    agentsButton = button;
  }
  let auditButton: HTMLButtonElement | null = null;
  if (mayReadAudit()) {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "audit-open", "data-key": "audit" }, t("audit"));
    button.addEventListener("click", () => openAudit(button));
    auditButton = button;
  }
  let privacyButton: HTMLButtonElement | null = null;
  if (mayHandlePrivacy()) {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "privacy-open", "data-key": "privacy" }, t("privacy"));
    button.addEventListener("click", () => openPrivacy(button));
    privacyButton = button;
  }
  renderAlertsButton();

  const header = h(
    "header",
    { class: "topbar" },
    h("strong", { class: "brand" }, t("appTitle")),
    me.posts.length > 0 ? postPicker(me) : h("span", { class: "muted" }, t("noPosts")),
    postClock,
    noticeBar,
    h("span", { class: "spacer" }),
    h("span", { class: "agent-name", title: me.role }, me.name),
    alertsButton,
    rosterButton,
    crisesButton,
    agentsButton,
    auditButton,
    privacyButton,
    accountEventsButton,
    languageSwitch(),
    signOutButton,
  );

  listElements.list.setAttribute("aria-label", t("conversations"));
  const listPane = h(
    "nav",
    { class: "list-pane", "aria-label": t("conversations") },
    dutyPanel,
    listControls(),
    searchForm(),
    listElements.listHeader,
    listElements.list,
    listElements.listFooter,
    h("div", { class: "list-help muted small" }, t("keyboardHelp")),
  );

  replaceChildren(root, header, errorBar, h("div", { class: "panes" }, listPane, threadPane));
  renderError();
  renderList();
  renderDutyPanel();
  renderThread(true);
  updateClock();
  if (focusKey) {
    root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }
}
