// The triage API's shapes (docs/triage-api.md). Everything a citizen wrote is data: shown as text, never as HTML.

export type UiLanguage = "nl" | "fr" | "de" | "en";
export const UI_LANGUAGES: readonly UiLanguage[] = ["nl", "fr", "de", "en"];

export type Role = "agent" | "dutyOfficer" | "supervisor" | "admin";

export interface Post {
  id: string;
  nameNl: string;
  nameFr: string;
  nameEn: string;
  city: string;
  country: string;
  timeZone: string;
}

export interface Me {
  id: string;
  name: string;
  role: Role;
  language: UiLanguage;
  posts: Post[];
  /** Where a conversation can be transferred: every post that gives consular help, and the central desk. */
  transferTargets?: Post[] | undefined;
  /** What the API accepts (characters); the page counts down from these instead of knowing them. */
  limits?: Limits | undefined;
}

export interface Limits {
  /** The longest reply per channel (WhatsApp, Messenger). */
  reply: Partial<Record<string, number>>;
  /** The longest text with a file on WhatsApp. */
  caption: number;
  note: number;
  tag: number;
  tags: number;
  transferReason: number;
  bodyBytes: number;
}

export type View = "open" | "unassigned" | "mine" | "waitingForUs" | "waitingForCitizen" | "urgent" | "closed";
export const VIEWS: readonly View[] = ["open", "unassigned", "mine", "waitingForUs", "waitingForCitizen", "urgent", "closed"];

export type Channel = "WhatsApp" | "Messenger";
export const CHANNELS: readonly Channel[] = ["WhatsApp", "Messenger"];

export interface ConversationSummary {
  id: string;
  postId: string;
  channel: Channel | string;
  contactName: string | null;
  language: string | null;
  state: "open" | "closed";
  assignedTo: string | null;
  assignedToName: string | null;
  lastActivityAt: string | null;
  lastInboundAt: string | null;
  unreadCount: number;
  preview: string | null;
  waitingFor: "us" | "citizen" | null;
  urgent: boolean;
  tags: string[];
  routingStep: string | null;
  routingReason: string | null;
  /** The same reason in nl, fr, de and en. */
  routingReasons?: Partial<Record<UiLanguage, string>> | null | undefined;
  /** When the first answer is due under the response targets (absent: nobody waits for one). */
  dueAt?: string | null | undefined;
  /** near: close to its target; breached: past it (absent otherwise). */
  target?: "near" | "breached" | null | undefined;
  /** How pressing: lists show critical, then urgent, then elevated first. */
  level?: Level | undefined;
  /** Who set the level: auto (distress detection, a crisis) or agent (one conversation only). */
  levelSetBy?: "auto" | "agent" | null | undefined;
  /** Under legal hold: retention leaves it. */
  legalHold?: boolean | undefined;
  /** Who held it, when and why (one conversation only, while held). */
  legalHoldInfo?: { by: string | null; at: string | null; reason: string | null } | null | undefined;
}

export type Level = "none" | "elevated" | "urgent" | "critical";
export const LEVELS: readonly Level[] = ["none", "elevated", "urgent", "critical"];

export interface ConversationPage {
  items: ConversationSummary[];
  continuation: string | null;
}

export interface RoutingHistoryEntry {
  at: string;
  postId: string | null;
  step: string | null;
  reason: string | null;
  reasons?: Partial<Record<UiLanguage, string>> | null | undefined;
  by: string | null;
  place: string | null;
}

export interface ConversationDetail extends ConversationSummary {
  etag: string;
  routingHistory: RoutingHistoryEntry[];
}

export type ReplyWindowMode = "free" | "tag" | "template" | "closed";

export interface ReplyWindow {
  mode: ReplyWindowMode;
  until: string | null;
  explanation: Partial<Record<UiLanguage, string>>;
  /** Not in the contract: used when the server names the template to offer. */
  template?: string;
}

export interface Contact {
  name: string | null;
  channel: string;
  language: string | null;
  languageSource: string | null;
  lastInboundAt: string | null;
  replyWindow: ReplyWindow | null;
}

export type MessageStatus = "Pending" | "Sent" | "Delivered" | "Read" | "Failed";

export interface Attachment {
  contentKind: string | null;
  contentType: string | null;
  url: string | null;
  name: string | null;
  caption: string | null;
}

/** A citizen's file: loading, available (type, size, the triage API's address) or failed (reason code). */
export interface MediaItem {
  index: number;
  kind: string;
  state: "loading" | "available" | "failed";
  contentType?: string | null;
  size?: number | null;
  reason?: string | null;
  name?: string | null;
  url?: string | null;
}

export interface GeoLocation {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

export interface QuickReply {
  payload: string;
  title: string;
}

export interface Message {
  id: string;
  direction: "in" | "out" | "note";
  kind: string;
  text: string | null;
  author: string | null;
  sentAt: string;
  status: MessageStatus | null;
  errors: { code: string | number; title: string }[] | null;
  attachments: Attachment[] | null;
  location: GeoLocation | null;
  quickReplies: QuickReply[] | null;
  /** Sent by the help desk itself (an acknowledgement outside office hours, a greeting, the emergency reply), not written by an agent. */
  automatic?: boolean | undefined;
  /** A citizen's text in which distress detection found something: the level and the categories (ids). */
  distress?: { level: Level; categories: string[] } | null | undefined;
  /** The crisis broadcast this message belongs to (an update sent to every citizen of the area), if any. */
  broadcast?: string | null | undefined;
  /** The citizen's reaction (an emoji); on a "reaction" notice, the emoji of a reaction to a message not in this thread. */
  reaction?: string | null | undefined;
  /** The message this one answers: found in the thread (id, direction, kind, a short excerpt) or not. */
  replyTo?: { found: boolean; messageId?: string | null; direction?: string | null; kind?: string | null; excerpt?: string | null } | null | undefined;
  /** When the citizen last edited the message (its text is the latest), and the text as first received. */
  editedAt?: string | null | undefined;
  originalText?: string | null | undefined;
  /** An unsupported message: the platform's word for its type, when it named one. */
  unsupportedType?: string | null | undefined;
  /** A citizen's files, by attachment index: their download state and, once available, where to read them. */
  media?: MediaItem[] | null | undefined;
}

export interface Thread {
  conversation: ConversationDetail;
  contact: Contact;
  messages: Message[];
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
}

export interface ReplyRejected {
  reason: string;
  replyWindow: ReplyWindow | null;
}

/** What Meta reported about our WhatsApp account (administrators only). */
export interface AccountEvent {
  channel: string;
  field: string;
  event?: string | null;
  accountId?: string | null;
  phoneNumber?: string | null;
  templateId?: string | null;
  templateName?: string | null;
  templateLanguage?: string | null;
  reason?: string | null;
  detail?: string | null;
  receivedAt: string;
}

/** One audit entry (GET /api/triage/audit). */
export interface AuditEntry {
  at: string;
  post: string;
  agent: string;
  action: string;
  conversation?: string;
  details?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  continuation?: string;
}

export interface AccountEventPage {
  month: string;
  items: AccountEvent[];
}

/** Someone on shift for a post now, and until when. */
export interface CoverPerson {
  agentId: string;
  name: string;
  role: "postDuty" | "regionalHub" | "centralDesk" | string;
  until: string;
}

/** GET /api/triage/coverage?post=: who covers the post now, whether it is open, when it opens next. */
export interface Coverage {
  post: string;
  at: string;
  open: boolean;
  nextOpen?: string | null | undefined;
  cover: CoverPerson[];
}

export interface Shift {
  id: string;
  agentId: string;
  agentName: string;
  target: string;
  localStart: string;
  localEnd: string;
  start: string;
  end: string;
  note?: string | null | undefined;
}

export interface CoverGap {
  post: string;
  from: string;
  to: string;
}

export interface RosterWeek {
  target: string;
  week: string;
  timeZone: string;
  from: string;
  to: string;
  shifts: Shift[];
  gaps: CoverGap[];
}

/** A regional hub the supervisor or administrator may roster, named in their language. */
export interface Hub {
  id: string;
  name: string;
  timeZone: string;
  posts: string[];
}

export interface RosterChange {
  shift?: Shift | null | undefined;
  gaps: CoverGap[];
}

export interface AgentRecord {
  id: string;
  name: string;
  role: Role;
  posts: string[];
  language: UiLanguage;
}

export interface Alert {
  id: string;
  postId: string;
  conversationId: string;
  link: string;
  reason: "breached" | "reassigned" | "coverGap" | string;
  level: number;
  role: string;
  at: string;
  read: boolean;
}

export interface AlertPage {
  unread: number;
  items: Alert[];
  more: boolean;
}

/** An area the agent may open a crisis for (GET /api/triage/crises/areas), and the posts that serve it. */
export interface CrisisArea {
  code: string;
  posts: { id: string; city: string }[];
}

/** A crisis (GET /api/triage/crises): the area, the message in each language, who opened and closed it. */
export interface Crisis {
  id: string;
  title: string;
  countries: string[];
  subdivisions: string[];
  messages: { nl: string; fr: string; de: string; en: string };
  open: boolean;
  openedBy: string;
  openedByName: string;
  openedAt: string;
  closedBy?: string;
  closedByName?: string;
  closedAt?: string;
  dashboard?: CrisisDashboard;
  taggedAtOpen?: number;
  queuedAtOpen?: number;
}

/** A broadcast of a crisis: its progress and the count of its citizens per state (docs/triage-api.md). */
export interface Broadcast {
  id: string;
  crisisId: string;
  phase: "collecting" | "sending" | "done" | "cancelled";
  days: number;
  from: string;
  to: string;
  createdBy: string;
  createdAt: string;
  recipients: number;
  counts: { queued: number; sent: number; delivered: number; read: number; failed: number; notReachable: number; cancelled: number };
  cancelledAt?: string | null;
  finishedAt?: string | null;
}

/** A crisis's counts, from its own rows. */
export interface CrisisDashboard {
  conversations: number;
  waiting: number;
  answered: number;
  closed: number;
  byLevel: Record<string, number>;
  byChannel: Record<string, number>;
  oldestWaitingSince?: string;
  oldestWaitingConversationId?: string;
}

export interface CrisisConversation {
  id: string;
  post: string;
  channel: string;
  level: string;
  state: string;
  waitingSince?: string;
  lastActivityAt: string;
  area?: string;
  preview?: string;
}

/** An administrator's find of a citizen: counts, dates and posts only; `contact` names them in the calls after. */
export interface CitizenSummary {
  contact: string;
  channel: string;
  conversations: number;
  firstOpenedAt?: string;
  lastOpenedAt?: string;
  posts: string[];
}

/** An erasure as it stands: requested (confirm by another administrator or type `phrase`), running, done, lapsed. */
export interface Erasure {
  id: string;
  phase: "requested" | "running" | "done" | "lapsed";
  step?: string;
  conversations: number;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  confirmedBy?: string;
  counts?: Record<string, number>;
  phrase?: string;
}
