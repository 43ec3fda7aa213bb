// Answering one message of the thread: the agent picks a citizen's message, the composer shows it quoted until the
// reply is sent or the choice cancelled, and the reply carries its id (the citizen sees it quoted on WhatsApp and
// Messenger).
import { h, replaceChildren } from "./dom.js";
import { state, t } from "./state.js";
import { thread } from "./threadElements.js";
import type { Message } from "./types.js";

/** The banner above the composer's text (made once, kept across polls). */
export const replyToBanner = h("div", { class: "reply-to-banner", "data-testid": "reply-to-banner", hidden: true });

/** The message the next reply answers in the open conversation, or null. */
export function replyToFor(conversationId: string): string | null {
  return state.replyTo && state.replyTo.conversationId === conversationId ? state.replyTo.messageId : null;
}

export function chooseReplyTo(message: Message): void {
  const conversationId = state.thread?.conversation.id;
  if (!conversationId) {
    return;
  }
  state.replyTo = { conversationId, messageId: message.id, excerpt: excerptOf(message) };
  renderReplyToBanner();
  thread.composer.querySelector<HTMLTextAreaElement>("textarea")?.focus();
}

export function clearReplyTo(): void {
  state.replyTo = null;
  renderReplyToBanner();
}

export function renderReplyToBanner(): void {
  const chosen = state.replyTo && state.replyTo.conversationId === state.thread?.conversation.id ? state.replyTo : null;
  replyToBanner.hidden = chosen === null;
  if (!chosen) {
    replaceChildren(replyToBanner);
    return;
  }
  const cancel = h("button", { type: "button", class: "link small", "data-testid": "reply-to-cancel" }, t("cancel"));
  cancel.addEventListener("click", clearReplyTo);
  replaceChildren(replyToBanner, h("span", { class: "muted small" }, `${t("replyingTo")}: `), h("q", { class: "reply-to-excerpt" }, chosen.excerpt), " ", cancel);
}

/** A button on a message to answer it. */
export function replyToButton(message: Message): HTMLElement {
  const button = h("button", { type: "button", class: "link small reply-to-button", "data-testid": "reply-to", title: t("replyToThis") }, `↩ ${t("replyToThis")}`);
  button.addEventListener("click", () => chooseReplyTo(message));
  return button;
}

/** A short text for a message: its text, clipped, or the name of its kind. */
export function excerptOf(message: Message): string {
  const text = (message.text ?? "").replace(/\s+/g, " ").trim();
  if (text) {
    return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
  }
  return kindLabel(message.kind);
}

/** A message kind in the agent's language (the platform's own word when the page does not know it). */
export function kindLabel(kind: string | null | undefined): string {
  switch (kind) {
    case "image":
      return t("image");
    case "document":
    case "file":
      return t("document");
    case "location":
      return t("location");
    case "audio":
      return t("kindAudio");
    case "video":
      return t("kindVideo");
    case "sticker":
      return t("kindSticker");
    case "contacts":
      return t("kindContacts");
    case "unsupported":
      return t("unsupportedKindUnnamed");
    default:
      return t("unknownKind", { kind: kind ?? "" });
  }
}
