// Whether the posts of a cross-post list are open now, when they open, and who covers them until when
// (GET /api/triage/coverage, one request per post). Bounded: the posts of the list's rows and the chosen post, at most
// MAX_POSTS, each read again at most every REFRESH_MS, which is less often than the list is polled. A post's local
// time is read from the server's clock (the `at` of its answer), not this machine's, which may be wrong.
import { api, DUTY, MY_POSTS } from "./api.js";
import { h } from "./dom.js";
import { LOCALES } from "./i18n.js";
import { state, t } from "./state.js";
import type { Coverage } from "./types.js";

const MAX_POSTS = 12;
const REFRESH_MS = 60_000;

const known = new Map<string, { coverage: Coverage | null; fetchedAt: number }>();
/** The server's clock minus this machine's, in milliseconds. */
let skew = 0;

/** Now, by the server's clock. */
export function serverNow(): Date {
  return new Date(Date.now() + skew);
}

/** What the server last said about the post, or undefined when not (yet) known. */
export function postStatus(postId: string): Coverage | undefined {
  return known.get(postId)?.coverage ?? undefined;
}

/** The posts whose state the page shows: the chosen post, or the posts of the cross-post list's rows, in list order. */
export function postsInView(): string[] {
  const posts = state.postId === MY_POSTS || state.postId === DUTY ? state.items.map((item) => item.postId) : state.postId ? [state.postId] : [];
  return [...new Set(posts)].slice(0, MAX_POSTS);
}

/** Reads the posts in view that are unknown or older than REFRESH_MS; whether anything changed. */
export async function refreshPostStatuses(): Promise<boolean> {
  const now = Date.now();
  const due = postsInView().filter((post) => now - (known.get(post)?.fetchedAt ?? 0) >= REFRESH_MS);
  if (due.length === 0) {
    return false;
  }
  const results = await Promise.allSettled(due.map((post) => api.coverage(post)));
  results.forEach((result, index) => {
    const post = due[index]!;
    // A post the agent may not read (403) is not asked again until REFRESH_MS has passed either.
    const coverage = result.status === "fulfilled" ? result.value.data : null;
    known.set(post, { coverage, fetchedAt: now });
    const at = coverage ? Date.parse(coverage.at) : Number.NaN;
    if (!Number.isNaN(at)) {
      skew = at - now;
    }
  });
  return true;
}

/** Forgets everything (sign-out, another agent). */
export function forgetPostStatuses(): void {
  known.clear();
}

/** The time at the post now, HH:mm in its zone. */
export function localTimeAt(timeZone: string | undefined, at: Date = serverNow()): string {
  try {
    return new Intl.DateTimeFormat(LOCALES[state.language], { hour: "2-digit", minute: "2-digit", timeZone }).format(at);
  } catch {
    return "";
  }
}

/** The opening time in the post's zone: a weekday and a time when it is not today there. */
export function openingAt(timeZone: string | undefined, value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  try {
    const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
    const sameDay = day(date) === day(serverNow());
    const options: Intl.DateTimeFormatOptions = sameDay ? { hour: "2-digit", minute: "2-digit", timeZone } : { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone };
    return new Intl.DateTimeFormat(LOCALES[state.language], options).format(date);
  } catch {
    return "";
  }
}

/** The row's chip: the post's local time and open or closed (and when it opens). Empty until the server said. */
export function postStatusChip(postId: string, timeZone: string | undefined): HTMLElement | null {
  const status = postStatus(postId);
  if (!status) {
    return null;
  }
  const time = localTimeAt(timeZone);
  const opens = !status.open && status.nextOpen ? openingAt(timeZone, status.nextOpen) : "";
  return h(
    "span",
    {
      class: `chip post-status ${status.open ? "open" : "closed"}`,
      "data-testid": "conversation-post-status",
      "data-open": status.open ? "true" : "false",
      title: opens ? t("opensAt", { time: opens }) : null,
    },
    time ? `${time} · ` : "",
    t(status.open ? "postOpen" : "postClosed"),
  );
}

/** What changes the row's chip: part of the list's render key, so a row is drawn again when its post opens. */
export function postStatusKey(postId: string): string {
  const status = postStatus(postId);
  return status ? `${status.open}|${status.nextOpen ?? ""}|${localTimeAt(undefined)}` : "";
}
