// What the agent does to the open conversation (assign, close, tag, transfer, note…): one change at a time, with
// the conversation's ETag, the thread pane busy meanwhile; then the thread and the list are read again.
import { ApiError } from "./api.js";
import { updateCounter } from "./counter.js";
import type { TextKey } from "./i18n.js";
import { refreshList } from "./list.js";
import { clearError, report, showError, showNotice } from "./notices.js";
import { state, t } from "./state.js";
import { threadPane } from "./threadElements.js";

/** Reads the open thread again (set by app.ts: the thread's modules use these actions, so they cannot be imported here). */
let reloadThread: (force: boolean) => Promise<void> = async () => {};
export function setThreadReloader(reload: (force: boolean) => Promise<void>): void {
  reloadThread = reload;
}

/** After a change: the thread and the list as the server now has them. */
export async function reloadAfterChange(): Promise<void> {
  await Promise.allSettled([reloadThread(true), refreshList(true)]);
}

export function setBusy(busy: boolean): void {
  state.busy = busy;
  for (const control of threadPane.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>("button, input, select")) {
    control.disabled = busy || (control.classList.contains("canned") && (control as HTMLSelectElement).options.length <= 1);
  }
  threadPane.setAttribute("aria-busy", busy ? "true" : "false");
  updateCounter();
}

/** Runs a change with If-Match; on 412 reloads and tells the agent; then reloads thread and list. */
export async function act(change: (id: string, etag: string) => Promise<unknown>, notice?: TextKey): Promise<boolean> {
  const data = state.thread;
  if (!data || state.busy) {
    return false;
  }
  setBusy(true);
  let ok = false;
  try {
    await change(data.conversation.id, data.conversation.etag);
    ok = true;
    clearError();
    if (notice) {
      showNotice(t(notice));
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      showError(t("conflictReloaded"));
    } else {
      report(error);
    }
  } finally {
    setBusy(false);
  }
  await reloadAfterChange();
  return ok;
}
