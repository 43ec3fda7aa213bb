// Alerts (GET /api/triage/alerts): a counter in the top bar and a list of what the response-target sweep told this
// agent (post, reason, level, when, a link to the conversation) and what the daily gap check told a supervisor (a
// post without cover in the next 24 hours, a button to the roster), read one by one or all. A tone (Web Audio: no sound
// file, so no new CSP source) and a browser notification for each new alert while the page is open, only after the
// agent said yes with the consent button (Notification.requestPermission); nothing without it. Read every 10 s:
// one storage call each.
import { api } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { findPost, formatFull, postName } from "./format.js";
import { report } from "./notices.js";
import { mayEditRoster, openRoster } from "./roster.js";
import { openScreen, type Screen } from "./screen.js";
import { readStored, state, store, t } from "./state.js";
import type { Alert, AlertPage } from "./types.js";

const REFRESH_MS = 10_000;
const CONSENT = "helpdesk.alertConsent";

let page: AlertPage | null = null;
let fetchedAt = 0;
/** The alerts already seen by this page: only newer ones sound. Null until the first read (old ones never sound). */
let seen: Set<string> | null = null;
let audio: AudioContext | null = null;
let open: Screen | null = null;

export const alertsButton = h("button", { type: "button", class: "link-button alerts-button", "data-testid": "alerts-open", "data-key": "alerts" });
const count = h("span", { class: "alerts-count", "data-testid": "alerts-count" });
alertsButton.addEventListener("click", () => openAlerts());

export function renderAlertsButton(): void {
  const unread = page?.unread ?? 0;
  count.textContent = unread > 0 ? String(unread) : "";
  count.hidden = unread === 0;
  alertsButton.setAttribute("aria-label", unread > 0 ? t("alertsUnread", { count: unread }) : t("alerts"));
  replaceChildren(alertsButton, t("alerts"), count);
}

function consented(): boolean {
  return readStored(CONSENT, ["yes"]) === "yes";
}

/** Reads the alerts when due; a new unread one sounds and notifies (with consent). */
export async function refreshAlerts(force = false): Promise<void> {
  if (!state.me || (!force && Date.now() - fetchedAt < REFRESH_MS)) {
    return;
  }
  fetchedAt = Date.now();
  const result = await api.alerts();
  page = result.data ?? page;
  const fresh = (page?.items ?? []).filter((alert) => !alert.read && seen !== null && !seen.has(alert.id));
  seen = new Set([...(seen ?? []), ...(page?.items ?? []).map((alert) => alert.id)]);
  if (fresh.length > 0 && consented()) {
    tone();
    for (const alert of fresh) {
      notify(alert);
    }
  }
  renderAlertsButton();
  if (open) {
    renderAlertList(open.body);
  }
}

export function forgetAlerts(): void {
  page = null;
  seen = null;
  fetchedAt = 0;
}

function reasonText(alert: Alert): string {
  switch (alert.reason) {
    case "breached":
      return t("alertBreached", { level: alert.level });
    case "reassigned":
      return t("alertReassigned");
    case "coverGap":
      return t("alertCoverGap");
    case "raised":
      return t("alertRaised", { level: t(alert.level >= 3 ? "level_critical" : "level_urgent") });
    default:
      return alert.reason;
  }
}

function tone(): void {
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  } catch {
    // no audio output: the counter and the notification remain
  }
}

function notify(alert: Alert): void {
  if (!("Notification" in window) || Notification.permission !== "granted") {
    return;
  }
  // Nothing personal: the post and the reason, as the alert itself.
  const notification = new Notification(t("alertNotificationTitle"), { body: `${findPost(alert.postId)?.city ?? alert.postId}: ${reasonText(alert)}`, tag: alert.id });
  notification.addEventListener("click", () => {
    window.focus();
    if (alert.conversationId) {
      location.hash = `c=${encodeURIComponent(alert.conversationId)}`;
    }
  });
}

async function askConsent(button: HTMLButtonElement): Promise<void> {
  // The click is the gesture a browser wants before it plays sound.
  try {
    audio ??= new AudioContext();
    await audio.resume();
  } catch {
    audio = null;
  }
  if ("Notification" in window && Notification.permission === "default") {
    await Notification.requestPermission();
  }
  store(CONSENT, "yes");
  button.textContent = t("alertsConsentOn");
  button.disabled = true;
}

function openAlerts(): void {
  open = openScreen(t("alerts"), "alerts", alertsButton);
  open.dialog.addEventListener("close", () => {
    open = null;
  });
  renderAlertList(open.body);
  void refreshAlerts(true).catch(report);
}

function renderAlertList(body: HTMLElement): void {
  const consent = h("button", { type: "button", "data-testid": "alerts-consent", disabled: consented() }, t(consented() ? "alertsConsentOn" : "alertsConsent"));
  consent.addEventListener("click", () => void askConsent(consent));
  const readAll = h("button", { type: "button", "data-testid": "alerts-read-all", disabled: (page?.unread ?? 0) === 0 }, t("alertsReadAll"));
  readAll.addEventListener("click", () => void change(api.readAllAlerts()));
  const items = page?.items ?? [];
  replaceChildren(
    body,
    h("div", { class: "row" }, consent, readAll),
    page === null
      ? h("p", null, t("loading"))
      : items.length === 0
        ? h("p", { class: "muted" }, t("alertsNone"))
        : h(
            "ul",
            { class: "alert-list" },
            items.map((alert) => {
              const read = h("button", { type: "button", class: "link-button", "data-testid": "alert-read" }, t("alertRead"));
              read.addEventListener("click", () => void change(api.readAlert(alert.id)));
              // A cover gap is about a post, not a conversation: its link opens the roster instead.
              const link = alert.conversationId
                ? h("a", { href: `#c=${encodeURIComponent(alert.conversationId)}`, "data-testid": "alert-link" }, t("alertOpen"))
                : mayEditRoster()
                  ? h("button", { type: "button", class: "link-button", "data-testid": "alert-roster" }, t("roster"))
                  : null;
              link?.addEventListener("click", () => {
                open?.close();
                if (!alert.conversationId) {
                  openRoster(alertsButton);
                }
              });
              return h(
                "li",
                { class: alert.read ? "alert read" : "alert", "data-testid": "alert", "data-id": alert.id },
                h("div", { class: "row" }, h("strong", { title: postName(findPost(alert.postId), state.language) || alert.postId }, findPost(alert.postId)?.city ?? alert.postId), h("span", null, reasonText(alert)), h("span", { class: "spacer" }), h("span", { class: "muted small" }, formatFull(alert.at))),
                h("div", { class: "row" }, link, alert.read ? null : read),
              );
            }),
          ),
  );
}

async function change(call: Promise<unknown>): Promise<void> {
  try {
    await call;
    await refreshAlerts(true);
  } catch (error) {
    report(error);
  }
}
