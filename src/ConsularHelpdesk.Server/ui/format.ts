// How the page writes names, times and languages in the agent's interface language.
import { h } from "./dom.js";
import { LOCALES } from "./i18n.js";
import { state, t } from "./state.js";
import type { ConversationSummary, Post } from "./types.js";

/** The routing reason in the agent's interface language when the server gave it in four. */
export const localizedReason = (conversation: ConversationSummary): string =>
  conversation.routingReasons?.[state.language] ?? conversation.routingReason ?? "";

export function postName(post: Post | undefined, language: string): string {
  if (!post) {
    return "";
  }
  const name = language === "nl" ? post.nameNl : language === "fr" ? post.nameFr : post.nameEn;
  return name || post.nameEn || post.nameFr || post.nameNl || post.id;
}

export function findPost(id: string | null | undefined): Post | undefined {
  return state.me?.posts.find((post) => post.id === id);
}

export function parseTime(value: string | null | undefined): Date | null {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatShort(value: string | null | undefined): string {
  const date = parseTime(value);
  if (!date) {
    return "";
  }
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short" };
  return new Intl.DateTimeFormat(LOCALES[state.language], options).format(date);
}

export function formatFull(value: string | null | undefined): string {
  const date = parseTime(value);
  return date ? new Intl.DateTimeFormat(LOCALES[state.language], { dateStyle: "medium", timeStyle: "short" }).format(date) : "";
}

export function timeElement(value: string | null | undefined, full = false): HTMLTimeElement {
  return h("time", { datetime: value ?? null, title: formatFull(value) || null }, full ? formatFull(value) : formatShort(value));
}

export function languageName(code: string | null | undefined): string {
  switch (code) {
    case "nl":
      return t("lang_nl");
    case "fr":
      return t("lang_fr");
    case "de":
      return t("lang_de");
    case "en":
      return t("lang_en");
    default:
      return code ?? "";
  }
}

export function channelShort(channel: string): string {
  return channel === "WhatsApp" ? "WA" : channel === "Messenger" ? "MSG" : channel;
}
