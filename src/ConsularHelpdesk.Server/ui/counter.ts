// The composer's character count: what the conversation's channel still takes (the limits come from /me), and
// sending blocked above it.
import { byTestId } from "./dom.js";
import { state, t } from "./state.js";
import { thread } from "./threadElements.js";

/** The longest reply the conversation's channel takes (from /me), or null when the server did not say. */
export function replyLimit(): number | null {
  const channel = state.thread?.conversation.channel;
  return (channel && state.me?.limits?.reply[channel]) || null;
}

/** Counts down the characters left for the channel; above the limit, says by how much and blocks sending. */
export function updateCounter(): void {
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
