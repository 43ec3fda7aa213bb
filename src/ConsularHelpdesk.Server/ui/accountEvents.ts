// Administrators only: what Meta reported about our WhatsApp account this month (templates rejected, paused or
// disabled; quality ratings). A template that no longer works means replies after 24 hours fail, so this is shown
// in the page instead of leaving it in a table nobody reads.
import { api } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import type { TextKey } from "./i18n.js";
import type { AccountEvent } from "./types.js";

type Translate = (key: TextKey, params?: Readonly<Record<string, string | number>>) => string;

const FIELD_LABELS: Readonly<Record<string, TextKey>> = {
  message_template_status_update: "accountEventTemplateStatus",
  message_template_quality_update: "accountEventTemplateQuality",
  phone_number_quality_update: "accountEventNumberQuality",
};

/** Events that stop replies or warn of it: shown in the alert colour. */
const ALARMING = new Set(["REJECTED", "PAUSED", "DISABLED", "FLAGGED", "RED", "DOWNGRADE", "LOW"]);

/** Opens the dialog; `onClosed` gets focus back to where the administrator was. */
export function openAccountEventsDialog(t: Translate, formatTime: (value: string) => string, onClosed: () => void): void {
  const body = h("div", { class: "account-events-body", "aria-live": "polite" }, t("loading"));
  const close = h("button", { type: "button" }, t("dialogClose"));
  const dialog = h(
    "dialog",
    { class: "account-events-dialog", "data-testid": "account-events-dialog", "aria-label": t("accountEventsTitle") },
    h("h2", null, t("accountEventsTitle")),
    h("p", { class: "muted small" }, t("accountEventsHelp")),
    body,
    h("div", { class: "row" }, h("span", { class: "spacer" }), close),
  );
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    onClosed();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();

  void api.accountEvents().then(
    (result) => {
      const items = result.data?.items ?? [];
      replaceChildren(body, items.length === 0 ? h("p", null, t("accountEventsNone")) : table(items, t, formatTime));
    },
    () => replaceChildren(body, h("p", { role: "alert" }, t("accountEventsFailed"))),
  );
}

function table(items: AccountEvent[], t: Translate, formatTime: (value: string) => string): HTMLTableElement {
  return h(
    "table",
    { class: "account-events", "data-testid": "account-events" },
    h(
      "thead",
      null,
      h("tr", null, h("th", null, t("accountEventWhen")), h("th", null, t("accountEventWhat")), h("th", null, t("accountEventTemplate")), h("th", null, t("accountEventStatus")), h("th", null, t("accountEventReason"))),
    ),
    h(
      "tbody",
      null,
      items.map((item) => {
        const label = FIELD_LABELS[item.field];
        const status = item.event ?? "";
        return h(
          "tr",
          { class: ALARMING.has(status.toUpperCase()) ? "alarming" : null },
          h("td", null, formatTime(item.receivedAt)),
          h("td", null, label ? t(label) : item.field),
          h("td", null, item.templateName ? `${item.templateName}${item.templateLanguage ? ` (${item.templateLanguage})` : ""}` : (item.phoneNumber ?? "")),
          h("td", null, status),
          h("td", null, [item.reason, item.detail].filter((part) => part && part !== "NONE").join(" — ")),
        );
      }),
    ),
  );
}
