// The composer: a draft per conversation, the citizen's language, canned responses with placeholders, the
// character count, and sending a reply (once per reply id, even when sent again after a network failure) or a note.
import { act, reloadAfterChange, setBusy } from "./actions.js";
import { api, ApiError, NetworkError } from "./api.js";
import { replyLimit, updateCounter } from "./counter.js";
import { byTestId, h, replaceChildren } from "./dom.js";
import { findPost, languageName, postName } from "./format.js";
import { focusSelectedItem } from "./list.js";
import { clearError, report, showError, showNotice } from "./notices.js";
import { replyWindowText } from "./replyWindow.js";
import { clearReplyTo, renderReplyToBanner, replyToBanner, replyToFor } from "./replyTo.js";
import { currentCitizenLanguage, state, t, type PendingReply } from "./state.js";
import { thread } from "./threadElements.js";
import { UI_LANGUAGES, type ReplyRejected, type Thread, type UiLanguage } from "./types.js";

export function saveDraft(): void {
  const textarea = byTestId<HTMLTextAreaElement>(thread.composer, "composer-text");
  if (textarea && state.selectedId && thread.composerFor.startsWith(`${state.selectedId}|`)) {
    if (textarea.value) {
      state.drafts.set(state.selectedId, textarea.value);
    } else {
      state.drafts.delete(state.selectedId);
    }
  }
}

export function renderComposer(data: Thread): void {
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
      h("label", { class: "small" }, h("span", { class: "label-text" }, `${t("citizenLanguage")} `), languageSelect),
      h("span", { class: "language-source muted small" }),
      h("span", { class: "spacer" }),
      cannedSelect,
    ),
    replyToBanner,
    textarea,
    h(
      "div",
      { class: "row composer-actions" },
      send,
      note,
      h("span", { class: "spacer" }),
      h("span", { class: "char-count small", "data-testid": "char-count", "aria-live": "polite" }),
      h("span", { class: "muted small shortcut-hint" }, "Ctrl+Enter"),
    ),
  );
  thread.composer.onsubmit = (event) => {
    event.preventDefault();
    void sendReply(null);
  };
  updateComposer(data);
}

/** The parts of the composer that follow the conversation (language, canned list, busy) without touching the draft. */
export function updateComposer(data: Thread): void {
  renderReplyToBanner();
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

export async function loadCanned(language: string): Promise<void> {
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

export async function sendReply(template: string | null): Promise<void> {
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
    const replyTo = replyToFor(id);
    await api.reply(id, data.conversation.etag, {
      replyId: pending.replyId,
      text,
      ...(template ? { template } : {}),
      ...(replyTo ? { replyTo } : {}),
    });
    state.pendingReply = null;
    if (replyTo) {
      clearReplyTo();
    }
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
  await reloadAfterChange();
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

/** A fresh reply id: a UUID v4, from random bytes where `crypto.randomUUID` is missing (it needs a secure context). */
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
