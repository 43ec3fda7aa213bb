// A citizen's file in the thread: a thumbnail that opens larger, a player for a voice note or video, a link with name
// and size for a document; while it is copied from Meta "loading", or why it was not (the poll updates the state).
// The address is always the triage API's (same origin, the agent's session): never Meta's, never a public one.
import { h } from "./dom.js";
import type { TextKey } from "./i18n.js";
import { openScreen } from "./screen.js";
import { state, t } from "./state.js";
import type { Attachment, MediaItem } from "./types.js";

const REASONS = ["typeNotAllowed", "tooLarge", "checksumMismatch", "sizeMismatch", "expired", "unsafeAddress", "unavailable"];

// The blocks of available files, kept across the thread's renders (a poll re-renders it on any change): the same
// element goes back in, so a voice note or video being played goes on, an image is not fetched again, and the agent's
// opening of a file is asked for (and audited) once. Bounded: cleared when it grows past MAX_KEPT.
const kept = new Map<string, HTMLElement>();
const MAX_KEPT = 200;

export function mediaBlock(item: MediaItem, attachment: Attachment | undefined): HTMLElement {
  const url = item.state === "available" && item.url && item.url.startsWith("/api/triage/") ? item.url : null;
  if (!url) {
    return buildBlock(item, attachment);
  }
  const key = `${url}|${state.language}|${item.contentType ?? ""}|${attachment?.caption ?? ""}`;
  let block = kept.get(key);
  if (!block) {
    if (kept.size >= MAX_KEPT) {
      kept.clear();
    }
    block = buildBlock(item, attachment);
    kept.set(key, block);
  }
  return block;
}

function buildBlock(item: MediaItem, attachment: Attachment | undefined): HTMLElement {
  const label = kindLabel(item.kind);
  const caption = attachment?.caption ? h("div", { class: "caption" }, attachment.caption) : null;
  const block = (content: (Node | string | null)[], extra = "") =>
    h("div", { class: `media media-${item.state} ${extra}`.trim(), "data-testid": "media", "data-state": item.state, "data-kind": item.kind }, ...content, caption);
  if (item.state === "failed") {
    const reason = item.reason && REASONS.includes(item.reason) ? t(`mediaFailed_${item.reason}` as TextKey) : t("mediaFailed");
    return block([h("span", { class: "attachment-kind" }, `${label}: `), h("span", { class: "muted", "data-testid": "media-reason" }, reason)]);
  }
  const url = item.url && item.url.startsWith("/api/triage/") ? item.url : null;
  if (item.state !== "available" || !url) {
    return block([h("span", { class: "attachment-kind" }, `${label}: `), h("span", { class: "muted" }, t("mediaLoading"))]);
  }
  const type = item.contentType ?? "";
  if (type.startsWith("image/")) {
    const alt = attachment?.caption || label;
    const image = h("img", { src: url, alt, loading: "lazy", decoding: "async", "data-testid": "media-image" });
    const open = h("button", { type: "button", class: "media-thumb", title: t("mediaEnlarge"), "aria-label": `${t("mediaEnlarge")}: ${alt}` }, image);
    open.addEventListener("click", () => {
      const screen = openScreen(alt, "media-viewer", open);
      screen.body.append(h("img", { src: url, alt, class: "media-large", "data-testid": "media-large" }));
    });
    return block([open], item.kind === "sticker" ? "sticker" : "");
  }
  if (type.startsWith("audio/")) {
    return block([h("span", { class: "attachment-kind" }, `${label}: `), h("audio", { controls: true, preload: "metadata", src: url, "data-testid": "media-audio" })]);
  }
  if (type.startsWith("video/")) {
    return block([h("video", { controls: true, preload: "metadata", src: url, "data-testid": "media-video" })]);
  }
  const name = item.name || label;
  return block([
    h("span", { class: "attachment-kind" }, `${label}: `),
    h("a", { href: url, download: name, "data-testid": "media-document" }, name),
    item.size !== null && item.size !== undefined ? h("span", { class: "muted" }, ` (${formatSize(item.size)})`) : null,
  ]);
}

function kindLabel(kind: string): string {
  switch (kind) {
    case "image":
      return t("image");
    case "audio":
      return t("mediaAudio");
    case "video":
      return t("mediaVideo");
    case "sticker":
      return t("mediaSticker");
    case "document":
      return t("document");
    default:
      return t("attachment");
  }
}

/** Bytes as the agent reads them: "830 B", "12 KB", "4.2 MB" in their language's number format. */
export function formatSize(bytes: number): string {
  const format = (value: number, digits: number) => new Intl.NumberFormat(state.language, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) {
    return `${format(bytes, 0)} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${format(bytes / 1024, 0)} KB`;
  }
  return `${format(bytes / (1024 * 1024), 1)} MB`;
}
