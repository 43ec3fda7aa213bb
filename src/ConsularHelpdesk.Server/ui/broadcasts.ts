// A crisis's broadcasts (supervisors of its area, administrators): the form that sends an update to every citizen who
// wrote from the area within a chosen number of days (the crisis's own message, or a text in the four languages), and
// the live progress of its broadcasts — counts per state from the broadcast's counters, read with the dashboard's poll.
import { api } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { formatFull } from "./format.js";
import { showNotice } from "./notices.js";
import { field, problemText } from "./screen.js";
import { t } from "./state.js";
import type { Broadcast, Crisis } from "./types.js";

const LANGUAGES = ["nl", "fr", "de", "en"] as const;
const STATES = ["queued", "sent", "delivered", "read", "failed", "notReachable", "cancelled"] as const;

/** The panel under a crisis's dashboard; `show` draws the form once per crisis, `refresh` the progress table. */
export interface BroadcastPanel {
  element: HTMLElement;
  show(crisis: Crisis): void;
  refresh(): Promise<void>;
}

export function broadcastPanel(): BroadcastPanel {
  const element = h("section", { class: "crisis-broadcasts", "data-testid": "crisis-broadcasts" });
  const table = h("div", { class: "broadcast-progress" });
  let crisisId: string | null = null;

  const refresh = async (): Promise<void> => {
    const id = crisisId;
    if (!id) {
      return;
    }
    try {
      const broadcasts = (await api.broadcasts(id)).data?.broadcasts ?? [];
      if (crisisId === id) {
        renderTable(id, broadcasts);
      }
    } catch (error) {
      replaceChildren(table, h("p", { role: "alert", class: "error" }, problemText(error)));
    }
  };

  const renderTable = (id: string, broadcasts: Broadcast[]): void => {
    if (broadcasts.length === 0) {
      replaceChildren(table, h("p", { class: "muted" }, t("broadcastNone")));
      return;
    }
    replaceChildren(
      table,
      h(
        "table",
        { "data-testid": "broadcast-table" },
        h("thead", null, h("tr", null, h("th", null, t("broadcastSentAt")), h("th", null, t("broadcastPhase")), h("th", null, t("broadcastRecipients")), STATES.map((s) => h("th", null, t(`broadcastState_${s}`))), h("th", null, ""))),
        h(
          "tbody",
          null,
          broadcasts.map((b) => {
            const running = b.phase === "collecting" || b.phase === "sending";
            const cancel = running ? h("button", { type: "button", "data-testid": "broadcast-cancel" }, t("broadcastCancel")) : null;
            cancel?.addEventListener("click", () => {
              if (!window.confirm(t("broadcastCancelConfirm"))) {
                return;
              }
              void api.cancelBroadcast(id, b.id).then(
                async () => {
                  showNotice(t("broadcastCancelled"));
                  await refresh();
                },
                (failure: unknown) => showNotice(problemText(failure)),
              );
            });
            return h(
              "tr",
              { "data-testid": "broadcast-row", "data-id": b.id, "data-phase": b.phase },
              h("td", null, `${formatFull(b.createdAt)} · ${b.createdBy} · ${t("broadcastDaysShort", { days: String(b.days) })}`),
              h("td", null, t(`broadcastPhase_${b.phase}`)),
              h("td", { "data-testid": "broadcast-recipients" }, String(b.recipients)),
              STATES.map((s) => h("td", { "data-testid": `broadcast-count-${s}` }, String(b.counts[s]))),
              h("td", null, cancel),
            );
          }),
        ),
      ),
    );
  };

  const renderForm = (crisis: Crisis): HTMLElement | null => {
    if (!crisis.open) {
      return null;
    }
    const days = h("input", { type: "number", min: 1, max: 30, value: "3", "data-testid": "broadcast-days" });
    const useCrisisMessage = h("input", { type: "checkbox", checked: true, "data-testid": "broadcast-use-crisis-message" });
    const texts = Object.fromEntries(LANGUAGES.map((code) => [code, h("textarea", { "data-testid": `broadcast-text-${code}`, maxlength: 2000, rows: 3 })])) as Record<(typeof LANGUAGES)[number], HTMLTextAreaElement>;
    const ownTexts = h("div", { class: "broadcast-texts", hidden: true }, LANGUAGES.map((code) => field(t(`crisisMessage_${code}`), texts[code])));
    useCrisisMessage.addEventListener("change", () => {
      ownTexts.hidden = useCrisisMessage.checked;
    });
    const error = h("p", { class: "error", role: "alert", "data-testid": "broadcast-error" });
    const send = h("button", { type: "button", "data-testid": "broadcast-send" }, t("broadcastSend"));
    send.addEventListener("click", () => {
      if (!window.confirm(t("broadcastSendConfirm", { days: days.value }))) {
        return;
      }
      error.textContent = "";
      const body = useCrisisMessage.checked
        ? { days: Number(days.value) }
        : { days: Number(days.value), text: { nl: texts.nl.value, fr: texts.fr.value, de: texts.de.value, en: texts.en.value } };
      send.disabled = true;
      void api.sendBroadcast(crisis.id, body).then(
        async () => {
          send.disabled = false;
          showNotice(t("broadcastStarted"));
          await refresh();
        },
        (failure: unknown) => {
          send.disabled = false;
          error.textContent = problemText(failure);
        },
      );
    });
    return h(
      "div",
      { class: "broadcast-form" },
      h("p", { class: "muted" }, t("broadcastExplain")),
      field(t("broadcastDays"), days),
      h("label", { class: "checkbox" }, useCrisisMessage, " ", t("broadcastUseCrisisMessage")),
      ownTexts,
      error,
      h("div", { class: "row" }, send),
    );
  };

  return {
    element,
    show(crisis: Crisis) {
      if (crisisId !== crisis.id) {
        crisisId = crisis.id;
        replaceChildren(element, h("h4", null, t("broadcastTitle")), renderForm(crisis), table);
      }
    },
    refresh,
  };
}
