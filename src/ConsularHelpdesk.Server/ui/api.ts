// The triage API client: JSON in camelCase, ETags for polling (If-None-Match) and for changes (If-Match).
import type { AccountEventPage, AgentRecord, AuditPage, AlertPage, CitizenSummary, Erasure, Broadcast, CannedResponse, ConversationPage, ConversationSummary, Coverage, Crisis, CrisisArea, CrisisConversation, Hub, Level, Me, RosterChange, RosterWeek, Role, Thread, UiLanguage, View } from "./types.js";

/** The post picker's value for "My posts": every post the agent serves, in one list (scope=mine). */
export const MY_POSTS = "scope:mine";

/** The post picker's value for "On duty": the closed posts the roster gives a duty officer now (scope=duty). */
export const DUTY = "scope:duty";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The server cannot be reached (network down, server restarting). */
export class NetworkError extends Error {}

/** Called on every 401, whatever the call: the page shows the sign-in screen. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export interface Fetched<T> {
  /** null when the server answered 304 Not Modified. */
  data: T | null;
  etag: string | null;
}

/** An entity-tag for If-Match / If-None-Match: as the server wrote it, quoted when it came as a bare value (e.g. in JSON). */
export function entityTag(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.startsWith('"') || trimmed.startsWith("W/") ? trimmed : `"${trimmed.replace(/"/g, "")}"`;
}

async function request<T>(method: string, url: string, options: { body?: unknown; ifMatch?: string | null; ifNoneMatch?: string | null } = {}): Promise<Fetched<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (options.ifMatch) {
    headers["If-Match"] = entityTag(options.ifMatch);
  }
  if (options.ifNoneMatch) {
    headers["If-None-Match"] = options.ifNoneMatch;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const etag = response.headers.get("ETag");
  if (response.status === 304) {
    return { data: null, etag: etag ?? options.ifNoneMatch ?? null };
  }
  const text = await response.text();
  let body: unknown = null;
  if (text && (response.headers.get("Content-Type") ?? "").includes("json")) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (response.status === 401) {
    onUnauthorized();
  }
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return { data: body as T, etag };
}

/** A shift as the roster API takes it: local times of the target's zone, yyyy-MM-ddTHH:mm. */
export interface ShiftInput {
  agentId: string;
  target: string;
  start: string;
  end: string;
  note?: string;
}

const base = "/api/triage";
const enc = encodeURIComponent;

export const api = {
  me: () => request<Me>("GET", `${base}/me`),
  signOut: () => request<unknown>("POST", `${base}/sign-out`),

  conversations(postId: string, filter: { view: View; channel: string; language: string; continuation?: string | null }, ifNoneMatch?: string | null) {
    const query = new URLSearchParams({ view: filter.view });
    if (filter.channel) {
      query.set("channel", filter.channel);
    }
    if (filter.language) {
      query.set("language", filter.language);
    }
    if (filter.continuation) {
      query.set("continuation", filter.continuation);
    }
    const url = postId === MY_POSTS || postId === DUTY ? `${base}/conversations?scope=${postId.slice(6)}&${query.toString()}` : `${base}/posts/${enc(postId)}/conversations?${query.toString()}`;
    return request<ConversationPage>("GET", url, { ifNoneMatch: ifNoneMatch ?? null });
  },

  /** Conversations of the agent's posts, open or closed, by a whole word of the contact's name, a tag or an id (at most 20). */
  search: (q: string) => request<{ items: ConversationSummary[] }>("POST", `${base}/search`, { body: { q, scope: "mine" } }),

  thread: (id: string, ifNoneMatch?: string | null) => request<Thread>("GET", `${base}/conversations/${enc(id)}`, { ifNoneMatch: ifNoneMatch ?? null }),

  reply: (id: string, etag: string, body: { replyId: string; text: string; template?: string; replyTo?: string }) =>
    request<{ messageId: string }>("POST", `${base}/conversations/${enc(id)}/replies`, { body, ifMatch: etag }),
  note: (id: string, etag: string, text: string) => request<unknown>("POST", `${base}/conversations/${enc(id)}/notes`, { body: { text }, ifMatch: etag }),
  assign: (id: string, etag: string, agentId?: string) =>
    request<ConversationSummary>("POST", `${base}/conversations/${enc(id)}/assign`, { body: agentId ? { agentId } : {}, ifMatch: etag }),
  unassign: (id: string, etag: string) => request<ConversationSummary>("POST", `${base}/conversations/${enc(id)}/unassign`, { body: {}, ifMatch: etag }),
  close: (id: string, etag: string) => request<ConversationSummary>("POST", `${base}/conversations/${enc(id)}/close`, { body: {}, ifMatch: etag }),
  reopen: (id: string, etag: string) => request<ConversationSummary>("POST", `${base}/conversations/${enc(id)}/reopen`, { body: {}, ifMatch: etag }),
  transfer: (id: string, etag: string, postId: string, reason: string) =>
    request<ConversationSummary>("POST", `${base}/conversations/${enc(id)}/transfer`, { body: { postId, reason }, ifMatch: etag }),
  tags: (id: string, etag: string, tags: string[]) => request<ConversationSummary>("PUT", `${base}/conversations/${enc(id)}/tags`, { body: { tags }, ifMatch: etag }),
  level: (id: string, etag: string, level: Level) => request<ConversationSummary>("PUT", `${base}/conversations/${enc(id)}/level`, { body: { level }, ifMatch: etag }),
  /** Supervisors of the post and administrators: hold (with a reason) or lift the legal hold. */
  legalHold: (id: string, etag: string, hold: boolean, reason: string | null) =>
    request<ConversationSummary>("PUT", `${base}/conversations/${enc(id)}/legal-hold`, { body: { hold, reason }, ifMatch: etag }),
  language: (id: string, etag: string, language: UiLanguage) =>
    request<ConversationSummary>("PUT", `${base}/conversations/${enc(id)}/language`, { body: { language }, ifMatch: etag }),

  /** Administrators (every post) and supervisors (their posts): a page of a post's audit, newest first. */
  audit: (query: URLSearchParams) => request<AuditPage>("GET", `${base}/audit?${query.toString()}`),

  /** The address of the same filter as a CSV download. */
  auditCsvUrl: (query: URLSearchParams) => `${base}/audit/csv?${query.toString()}`,

  /** Administrators only: a citizen by phone number or user id (in the body, never the URL) or by conversation id. */
  findCitizen: (query: { channel?: string; id?: string; conversation?: string }) => request<CitizenSummary>("POST", `${base}/admin/privacy/find`, { body: query }),
  /** The export's download address (the contact key is an HMAC, no personal data). */
  exportUrl: (contact: string) => `${base}/admin/privacy/export?contact=${enc(contact)}`,
  requestErasure: (contact: string) => request<Erasure>("POST", `${base}/admin/privacy/erasures`, { body: { contact } }),
  confirmErasure: (id: string, phrase: string | null) => request<Erasure>("POST", `${base}/admin/privacy/erasures/${enc(id)}/confirm`, { body: phrase ? { phrase } : {} }),
  runErasure: (id: string) => request<Erasure>("POST", `${base}/admin/privacy/erasures/${enc(id)}/run`, { body: {} }),

  /** Administrators only: the current month's account events (403 for everyone else). */
  accountEvents: () => request<AccountEventPage>("GET", `${base}/admin/account-events`),

  /** Who covers the post now, whether it is open and when it opens next (any agent of the post). */
  coverage: (postId: string) => request<Coverage>("GET", `${base}/coverage?post=${enc(postId)}`),

  /** The roster's week of a target (a post, a regional hub or "central"), week written YYYY-Www (this week when absent). */
  rosterWeek: (target: string, week: string | null) => request<RosterWeek>("GET", `${base}/roster?target=${enc(target)}${week ? `&week=${enc(week)}` : ""}`),
  /** The regional hubs the agent may roster (supervisors: those of their region; administrators: all). */
  rosterHubs: () => request<Hub[]>("GET", `${base}/roster/hubs`),
  addShift: (shift: ShiftInput) => request<RosterChange>("POST", `${base}/roster/shifts`, { body: shift }),
  replaceShift: (id: string, shift: ShiftInput) => request<RosterChange>("PUT", `${base}/roster/shifts/${enc(id)}`, { body: shift }),
  deleteShift: (id: string) => request<RosterChange>("DELETE", `${base}/roster/shifts/${enc(id)}`),

  /** Supervisors and administrators: every agent (to roster them); administrators add and edit them. */
  agents: () => request<AgentRecord[]>("GET", `${base}/admin/agents`),
  saveAgent: (id: string, agent: { name: string; role: Role; posts: string[]; language: UiLanguage }) => request<AgentRecord>("PUT", `${base}/admin/agents/${enc(id)}`, { body: agent }),

  /** Supervisors and administrators: every crisis, newest first; one with its dashboard; its conversations; open and close. */
  crises: () => request<{ crises: Crisis[] }>("GET", `${base}/crises`),
  crisis: (id: string) => request<Crisis>("GET", `${base}/crises/${enc(id)}`),
  /** The countries and split countries' subdivisions the agent may open a crisis for (the API's own rule). */
  crisisAreas: () => request<{ countries: CrisisArea[]; subdivisions: CrisisArea[] }>("GET", `${base}/crises/areas`),
  crisisConversations: (id: string, after?: string) =>
    request<{ crisisId: string; total: number; conversations: CrisisConversation[]; next?: string }>("GET", `${base}/crises/${enc(id)}/conversations${after ? `?after=${enc(after)}` : ""}`),
  openCrisis: (crisis: { title: string; countries: string[]; subdivisions: string[]; messages: Crisis["messages"] }) => request<Crisis>("POST", `${base}/crises`, { body: crisis }),
  closeCrisis: (id: string) => request<Crisis>("POST", `${base}/crises/${enc(id)}/close`),
  /** A crisis's broadcasts with their counts; send one to the citizens of the area; cancel one. */
  broadcasts: (id: string) => request<{ crisisId: string; broadcasts: Broadcast[] }>("GET", `${base}/crises/${enc(id)}/broadcasts`),
  sendBroadcast: (id: string, body: { days: number; text?: Crisis["messages"] }) => request<Broadcast>("POST", `${base}/crises/${enc(id)}/broadcasts`, { body }),
  cancelBroadcast: (id: string, broadcastId: string) => request<Broadcast>("POST", `${base}/crises/${enc(id)}/broadcasts/${enc(broadcastId)}/cancel`),

  /** The signed-in agent's own alerts, newest first. */
  alerts: () => request<AlertPage>("GET", `${base}/alerts`),
  readAlert: (id: string) => request<unknown>("POST", `${base}/alerts/${enc(id)}/read`),
  readAllAlerts: () => request<unknown>("POST", `${base}/alerts/read-all`),

  canned: (language: string) => request<CannedResponse[]>("GET", `${base}/canned?language=${enc(language)}`),

  /** Development only: the demo agents (404 elsewhere). The shape is not in the contract, so it is read leniently. */
  async devAgents(): Promise<{ id: string; name: string }[] | null> {
    try {
      const result = await request<unknown>("GET", "/dev/sign-in");
      const raw = result.data;
      const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" && Array.isArray((raw as { agents?: unknown }).agents) ? (raw as { agents: unknown[] }).agents : null;
      if (!list) {
        return [];
      }
      return list.flatMap((item) => {
        if (!item || typeof item !== "object") {
          return [];
        }
        const record = item as Record<string, unknown>;
        const id = record["id"] ?? record["agentId"];
        if (typeof id !== "string") {
          return [];
        }
        const name = record["name"];
        return [{ id, name: typeof name === "string" ? name : id }];
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return null;
      }
      return [];
    }
  },
  devSignIn: (agentId: string) => request<unknown>("POST", "/dev/sign-in", { body: { agentId } }),
};
