// The open conversation: opened from the list or a `#c=<id>` link, polled with If-None-Match, rendered into the
// parts of threadElements.ts. On a phone it replaces the list, with a way back (phone.ts, app.css).
import { api, ApiError } from "./api.js";
import { loadCanned, renderComposer, saveDraft, sendReply, updateComposer } from "./composer.js";
import { byTestId, h, replaceChildren } from "./dom.js";
import { focusSelectedItem, markSelected, renderList } from "./list.js";
import { renderMessage } from "./messages.js";
import { clearError, report } from "./notices.js";
import { onPhone } from "./phone.js";
import { renderBanner } from "./replyWindow.js";
import { currentCitizenLanguage, state, t } from "./state.js";
import { thread, threadPane } from "./threadElements.js";
import { renderThreadHeader } from "./threadHeader.js";
import type { ConversationSummary } from "./types.js";

export function closeThread(): void {
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
export function conversationFromHash(): string | null {
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

/** The history entry of a conversation opened over the list on a phone: the system's back returns to the list. */
const PHONE_THREAD_ENTRY = "helpdesk.thread";

export async function openConversation(id: string, focusComposer: boolean): Promise<void> {
  if (conversationFromHash() !== id) {
    if (onPhone() && state.selectedId === null) {
      history.pushState(PHONE_THREAD_ENTRY, "", `#c=${encodeURIComponent(id)}`);
    } else {
      history.replaceState(null, "", `#c=${encodeURIComponent(id)}`);
    }
  }
  if (state.selectedId !== id) {
    saveDraft();
    state.selectedId = id;
    state.thread = null;
    state.threadEtag = null;
    state.rejection = null;
    renderThread(true);
    markSelected(id);
  }
  try {
    await reloadThread(true);
  } catch (error) {
    report(error);
    return;
  }
  if (focusComposer) {
    byTestId<HTMLTextAreaElement>(thread.composer, "composer-text")?.focus();
  } else if (onPhone() && !threadPane.contains(document.activeElement)) {
    // The row that was tapped is hidden now: focus goes to the thread's way back rather than to the document.
    byTestId(thread.header, "back-to-list")?.focus();
  }
}

/**
 * The phone's way back. When opening the conversation added a history entry, going back leaves it (the hash changes
 * and app.ts calls closeToList), so that the system's back button and this one do the same thing.
 */
export function backToList(): void {
  if (history.state === PHONE_THREAD_ENTRY) {
    history.back();
  } else {
    closeToList();
  }
}

/** The conversation closes (its draft kept) and focus returns to its row in the list. */
export function closeToList(): void {
  const id = state.selectedId;
  closeThread();
  renderList();
  focusSelectedItem(id);
}

export async function reloadThread(force: boolean): Promise<void> {
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
  const { id, postId, channel, contactName, language, state: conversationState, assignedTo, assignedToName, lastActivityAt, lastInboundAt, preview, waitingFor, urgent, tags, routingStep, routingReason, routingReasons, level } =
    conversation;
  return { id, postId, channel, contactName, language, state: conversationState, assignedTo, assignedToName, lastActivityAt, lastInboundAt, preview, waitingFor, urgent, tags, routingStep, routingReason, routingReasons, level };
}

export function renderThread(reset: boolean): void {
  const data = state.thread;
  // Which pane a phone shows: the thread while one is open, else the list (app.css, below the breakpoint).
  threadPane.parentElement?.classList.toggle("thread-open", state.selectedId !== null);
  if (!state.selectedId) {
    thread.composerFor = "";
    replaceChildren(threadPane, h("div", { class: "placeholder" }, t("noSelection")));
    return;
  }
  if (!data) {
    thread.composerFor = "";
    replaceChildren(threadPane, h("div", { class: "placeholder", "data-testid": "thread" }, t("loading")));
    return;
  }
  const messagesEl = thread.messages;
  const atBottom = reset || messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;

  preserveFocus(() => {
    renderThreadHeader(data, { back: backToList, transferredAway: closeAndFocusList });
    renderBanner(data, (template) => void sendReply(template));
    replaceChildren(messagesEl, data.messages.map(renderMessage));
    if (thread.composerFor !== `${data.conversation.id}|${state.language}`) {
      renderComposer(data);
    } else {
      updateComposer(data);
    }
  });
  messagesEl.setAttribute("aria-label", data.contact.name || data.conversation.contactName || t("unknownContact"));
  if (!threadPane.contains(thread.header)) {
    replaceChildren(
      threadPane,
      h("article", { class: "thread", "data-testid": "thread", "data-id": data.conversation.id }, thread.header, thread.banner, messagesEl, thread.composer),
    );
  } else {
    threadPane.querySelector('[data-testid="thread"]')?.setAttribute("data-id", data.conversation.id);
  }
  if (atBottom) {
    messagesEl.scrollTop = messagesEl.scrollHeight;
  }
}

/** After a transfer away from the post shown: the conversation closes and the list has focus. */
function closeAndFocusList(): void {
  closeThread();
  focusSelectedItem();
}

/** Re-rendering keeps the control the agent is in (by its data-key), with its value and caret. */
function preserveFocus(render: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active?.dataset?.["key"];
  const inThread = active ? threadPane.contains(active) : false;
  const value = active instanceof HTMLInputElement ? active.value : null;
  const selection = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] : null;
  render();
  if (!key || !inThread || active?.isConnected) {
    return;
  }
  const replacement = threadPane.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
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
