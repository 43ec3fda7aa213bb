// What the page knows: the signed-in agent, the post and view chosen, the list and the open thread, drafts.
// One object that every feature module reads and changes; the agent's choices are kept in localStorage.
import { translate, type TextKey } from "./i18n.js";
import { UI_LANGUAGES, VIEWS, type CannedResponse, type ConversationSummary, type Me, type ReplyRejected, type Thread, type UiLanguage, type View } from "./types.js";

export const STORAGE = { language: "helpdesk.uiLanguage", post: "helpdesk.postId", view: "helpdesk.view" } as const;

export interface PendingReply {
  conversationId: string;
  replyId: string;
  text: string;
  template: string | null;
}

export interface State {
  language: UiLanguage;
  me: Me | null;
  postId: string | null;
  /** The search shown instead of the list, or null. */
  search: string | null;
  view: View;
  channel: string;
  citizenLanguage: string;
  items: ConversationSummary[];
  firstPageIds: Set<string>;
  continuation: string | null;
  listEtag: string | null;
  listLoaded: boolean;
  selectedId: string | null;
  thread: Thread | null;
  threadEtag: string | null;
  canned: Map<string, CannedResponse[]>;
  drafts: Map<string, string>;
  pendingReply: PendingReply | null;
  /** The message the next reply answers (chosen on the thread), or null. */
  replyTo: { conversationId: string; messageId: string; excerpt: string } | null;
  rejection: { conversationId: string; rejected: ReplyRejected } | null;
  busy: boolean;
  error: { text: string; network: boolean } | null;
}

export const state: State = {
  language: initialLanguage(null),
  me: null,
  postId: null,
  search: null,
  view: readStored(STORAGE.view, VIEWS) ?? "open",
  channel: "",
  citizenLanguage: "",
  items: [],
  firstPageIds: new Set(),
  continuation: null,
  listEtag: null,
  listLoaded: false,
  selectedId: null,
  thread: null,
  threadEtag: null,
  canned: new Map(),
  drafts: new Map(),
  pendingReply: null,
  replyTo: null,
  rejection: null,
  busy: false,
  error: null,
};

/** A text of the page in the agent's interface language. */
export const t = (key: TextKey, params?: Readonly<Record<string, string | number>>): string => translate(state.language, key, params);

/** The citizen's language of the open conversation (what replies and canned responses are written in). */
export function currentCitizenLanguage(): string {
  return state.thread?.contact.language || state.thread?.conversation.language || "en";
}

export function readStored<T extends string>(key: string, allowed: readonly T[]): T | null {
  try {
    const value = localStorage.getItem(key);
    return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

export function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function initialLanguage(me: Me | null): UiLanguage {
  const chosen = readStored(STORAGE.language, UI_LANGUAGES);
  if (chosen) {
    return chosen;
  }
  if (me && UI_LANGUAGES.includes(me.language)) {
    return me.language;
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.slice(0, 2).toLowerCase();
    if ((UI_LANGUAGES as readonly string[]).includes(primary)) {
      return primary as UiLanguage;
    }
  }
  return "en";
}
