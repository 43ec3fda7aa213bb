// The platforms' reply windows in words (WhatsApp's 24 hours, Messenger's tags), and the banner above the messages
// that says what the agent can send now (with the approved template when only a template can go).
import { h, replaceChildren } from "./dom.js";
import { formatFull } from "./format.js";
import { state, t } from "./state.js";
import { thread } from "./threadElements.js";
import type { ReplyWindow, Thread } from "./types.js";

/** The template offered outside WhatsApp's 24-hour window when the server does not name one (the contract does not). */
const DEFAULT_TEMPLATE = "helpdesk_follow_up";

export function replyWindowText(window: ReplyWindow): string {
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

export function renderBanner(data: Thread, sendTemplate: (template: string) => void): void {
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
  button?.addEventListener("click", () => sendTemplate(template));
  replaceChildren(
    thread.banner,
    rejected ? h("strong", null, `${t("replyRejected")} `) : null,
    h("span", null, replyWindowText(window)),
    window.until && window.mode !== "free" ? h("span", { class: "muted" }, ` (${formatFull(window.until)})`) : null,
    button ? h("span", { class: "spacer" }) : null,
    button,
  );
}
