// Polling: the list and the open thread every 3 s with If-None-Match, the alerts and the posts' state less often
// (alerts.ts, postStatus.ts); paused while the tab is hidden.
import { refreshAlerts } from "./alerts.js";
import { updateDuty } from "./dutyPanel.js";
import { refreshList } from "./list.js";
import { report } from "./notices.js";
import { updateClock } from "./postPicker.js";
import { state } from "./state.js";
import { reloadThread } from "./thread.js";

const POLL_MS = 3000;

let pollTimer = 0;
let polling = false;

export function schedulePoll(): void {
  window.clearTimeout(pollTimer);
  pollTimer = window.setTimeout(() => void poll(), POLL_MS);
}

export function stopPolling(): void {
  window.clearTimeout(pollTimer);
  pollTimer = 0;
}

export async function poll(): Promise<void> {
  if (!state.me) {
    return;
  }
  if (!document.hidden && !polling && !state.busy) {
    polling = true;
    try {
      const results = await Promise.allSettled([refreshList(false), state.selectedId && state.thread ? reloadThread(false) : Promise.resolve(), refreshAlerts()]);
      // After the list: the posts of its rows are the ones whose state is read (at most once a minute each).
      await updateDuty().catch(report);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
      if (failure) {
        report(failure.reason);
      }
      updateClock();
    } finally {
      polling = false;
    }
  }
  if (state.me) {
    schedulePoll();
  }
}
