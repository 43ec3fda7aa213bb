// The open conversation's header: contact, channel, state, assignee; the actions (assign, unassign, transfer,
// close/reopen); routing reason and history; tags. On a phone it starts with the way back to the list.
import { api } from "./api.js";
import { act } from "./actions.js";
import { h, replaceChildren } from "./dom.js";
import { findPost, formatFull, localizedReason, postName, timeElement } from "./format.js";
import { levelChip, levelSelect } from "./levels.js";
import { showError } from "./notices.js";
import { state, t } from "./state.js";
import { thread } from "./threadElements.js";
import { openTransferDialog } from "./transfer.js";
import type { Thread } from "./types.js";

/** What the header asks of the thread around it. */
export interface ThreadHeaderHandlers {
  /** Back to the list (phone layout). */
  back: () => void;
  /** The conversation was transferred to a post the list does not show. */
  transferredAway: () => void;
}

function actionButton(label: string, testId: string, onClick: () => void, extra: Record<string, string> = {}): HTMLButtonElement {
  const button = h("button", { type: "button", "data-testid": testId, "data-key": testId, disabled: state.busy, ...extra }, label);
  button.addEventListener("click", onClick);
  return button;
}

export function renderThreadHeader(data: Thread, handlers: ThreadHeaderHandlers): void {
  const conversation = data.conversation;
  const me = state.me;
  const assignedToMe = !!me && conversation.assignedTo === me.id;
  const actions = h(
    "div",
    { class: "actions" },
    !assignedToMe ? actionButton(t("assignMe"), "assign-me", () => void act((id, etag) => api.assign(id, etag))) : null,
    conversation.assignedTo ? actionButton(t("unassign"), "unassign", () => void act((id, etag) => api.unassign(id, etag))) : null,
    actionButton(t("transfer"), "transfer", () => openTransferDialog(handlers.transferredAway)),
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

  // Shown on a phone only (app.css), where the thread replaces the list.
  const back = actionButton(t("backToList"), "back-to-list", handlers.back, { class: "back-button" });
  back.prepend(h("span", { "aria-hidden": "true" }, "← "));
  replaceChildren(
    thread.header,
    h(
      "div",
      { class: "row" },
      back,
      conversation.urgent ? h("span", { class: "urgent-marker" }, "!", h("span", { class: "sr-only" }, t("urgent"))) : null,
      h("h2", { class: "contact" }, data.contact.name || conversation.contactName || t("unknownContact")),
      h("span", { class: `chip channel ${conversation.channel === "WhatsApp" ? "wa" : "msg"}` }, conversation.channel),
      h("span", { class: `chip state ${conversation.state}` }, conversation.state === "closed" ? t("stateClosed") : t("stateOpen")),
      conversation.level && conversation.level !== "none" ? levelChip(conversation.level, "thread-level") : conversation.urgent ? h("span", { class: "chip urgent" }, t("urgent")) : null,
      conversation.legalHold ? h("span", { class: "chip legal-hold" }, t("legalHold")) : null,
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
    h(
      "div",
      { class: "row small" },
      levelSelect(conversation.level ?? "none", conversation.levelSetBy, state.busy, (level) => void act((id, etag) => api.level(id, etag, level))),
      legalHoldControls(conversation),
    ),
    renderTags(conversation.tags),
  );
}

/**
 * The legal hold: a chip with who, when and why for everyone; for supervisors and administrators (the API refuses
 * others) a reason field and a button to hold, or a button to lift it.
 */
function legalHoldControls(conversation: Thread["conversation"]): HTMLElement {
  const info = conversation.legalHoldInfo;
  const chip = conversation.legalHold
    ? h(
        "span",
        { class: "chip legal-hold", "data-testid": "thread-legal-hold", title: info ? t("legalHoldInfo", { by: info.by ?? "", time: info.at ? formatFull(info.at) : "", reason: info.reason ?? "" }) : null },
        t("legalHold"),
      )
    : null;
  const role = state.me?.role;
  if (role !== "supervisor" && role !== "admin") {
    return h("span", { class: "legal-hold-controls" }, chip);
  }

  if (conversation.legalHold) {
    return h(
      "span",
      { class: "legal-hold-controls" },
      chip,
      actionButton(t("legalHoldLift"), "legal-hold-lift", () => void act((id, etag) => api.legalHold(id, etag, false, null))),
    );
  }

  const reason = h("input", { type: "text", maxlength: 200, placeholder: t("legalHoldReason"), "aria-label": t("legalHoldReason"), "data-key": "legal-hold-reason", "data-testid": "legal-hold-reason", disabled: state.busy });
  const hold = actionButton(t("legalHoldSet"), "legal-hold-set", () => {
    const why = reason.value.trim();
    if (!why) {
      showError(t("legalHoldNeedsReason"));
      return;
    }
    void act((id, etag) => api.legalHold(id, etag, true, why));
  });
  return h("span", { class: "legal-hold-controls" }, reason, hold);
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
