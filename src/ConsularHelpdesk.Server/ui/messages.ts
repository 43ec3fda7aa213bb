// One message of the thread: the citizen's, ours (with its delivery status and Meta's errors; an automatic one is
// badged) or a private note. Text, attachments, locations and quick replies are put in the page as text.
import { externalLink, h, safeHttpUrl } from "./dom.js";
import { timeElement } from "./format.js";
import { distressBadge } from "./levels.js";
import { kindLabel, replyToButton } from "./replyTo.js";
import { mediaBlock } from "./media.js";
import type { TextKey } from "./i18n.js";
import { state, t } from "./state.js";
import type { Message } from "./types.js";

export function renderMessage(message: Message): HTMLLIElement {
  const direction = message.direction === "in" || message.direction === "note" ? message.direction : "out";
  const author =
    direction === "in" ? state.thread?.contact.name || state.thread?.conversation.contactName || t("citizen") : (message.author ?? "");
  return h(
    "li",
    { class: `message ${direction} kind-${message.kind.replace(/[^a-z0-9-]/gi, "")}`, "data-testid": "message", "data-direction": direction, "data-id": message.id },
    h(
      "div",
      { class: "bubble" },
      direction === "note" ? h("div", { class: "note-label" }, t("noteLabel")) : null,
      message.broadcast
        ? h("div", { class: "automatic-label broadcast-label", "data-testid": "broadcast-badge" }, t("broadcastMessage"))
        : message.automatic
          ? h("div", { class: "automatic-label", "data-testid": "automatic-badge" }, t("automaticReply"))
          : null,
      direction === "in" ? distressBadge(message) : null,
      messageBody(message),
      message.reaction && message.kind !== "reaction"
        ? h("span", { class: "reaction", "data-testid": "reaction", title: t("reactionLabel"), "aria-label": `${t("reactionLabel")}: ${message.reaction}` }, message.reaction)
        : null,
      h(
        "div",
        { class: "meta" },
        author ? h("span", { class: "author" }, author) : null,
        timeElement(message.sentAt),
        message.editedAt
          ? h("span", { class: "edited", "data-testid": "edited", title: message.originalText ? t("editedOriginal", { text: message.originalText }) : "" }, t("edited"))
          : null,
        direction === "out" ? messageStatus(message) : null,
        direction === "in" && message.kind !== "reaction" ? replyToButton(message) : null,
      ),
      message.status === "Failed" && message.errors && message.errors.length > 0
        ? h(
            "ul",
            { class: "errors" },
            message.errors.map((error) => h("li", null, `${error.title}${error.code !== undefined && error.code !== null ? ` (${error.code})` : ""}`)),
          )
        : null,
    ),
  );
}

function messageStatus(message: Message): HTMLElement | null {
  if (!message.status) {
    return null;
  }
  const symbols: Record<string, string> = { Pending: "◷", Sent: "✓", Delivered: "✓✓", Read: "✓✓", Failed: "⚠" };
  const key = `status_${message.status}` as TextKey;
  const label = ["Pending", "Sent", "Delivered", "Read", "Failed"].includes(message.status) ? t(key) : message.status;
  return h("span", { class: `status status-${message.status.toLowerCase()}`, "data-status": message.status }, h("span", { "aria-hidden": "true" }, symbols[message.status] ?? ""), ` ${label}`);
}

function messageBody(message: Message): HTMLElement {
  const body = h("div", { class: "body" });
  let shown = false;
  if (message.kind === "reaction") {
    body.append(h("p", { class: "muted reaction-notice", "data-testid": "reaction-notice" }, t("reactionNotice", { emoji: message.reaction ?? "" })));
    return body;
  }
  if (message.replyTo) {
    body.append(quoteBlock(message.replyTo));
  }
  if (message.kind === "unsupported" && !message.text) {
    body.append(h("p", { class: "muted" }, message.unsupportedType ? t("unsupportedKind", { kind: message.unsupportedType }) : t("unsupportedKindUnnamed")));
    shown = true;
  }
  if (message.location) {
    body.append(locationBlock(message.location));
    shown = true;
  }
  if (message.text) {
    body.append(h("p", { class: "text" }, message.text));
    shown = true;
  }
  const attachments = message.attachments ?? [];
  attachments.forEach((attachment, index) => {
    // A citizen's file the help desk copied from Meta: shown from our storage, with its state.
    const item = message.media?.find((m) => m.index === index);
    body.append(item ? mediaBlock(item, attachment) : attachmentBlock(attachment));
    shown = true;
  });
  if (message.quickReplies && message.quickReplies.length > 0) {
    body.append(
      h(
        "div",
        { class: "quick-replies" },
        h("span", { class: "muted" }, `${t("quickReplies")}:`),
        message.quickReplies.map((reply) => h("span", { class: "chip quick", title: reply.payload }, reply.title)),
      ),
    );
    shown = true;
  }
  if (!shown) {
    body.append(h("p", { class: "muted" }, kindLabel(message.kind)));
  }
  return body;
}

/** The message this one answers, quoted: its excerpt (or its kind), or a note that it is not in this conversation. */
function quoteBlock(quote: NonNullable<Message["replyTo"]>): HTMLElement {
  const shown = quote.found ? quote.excerpt || kindLabel(quote.kind) : t("quoteNotFound");
  return h(
    "blockquote",
    { class: `quote${quote.found ? "" : " muted"}`, "data-testid": "quote", "data-quoted": quote.messageId ?? "" },
    h("span", { class: "muted small" }, `${t("replyingTo")}: `),
    shown,
  );
}

function attachmentBlock(attachment: NonNullable<Message["attachments"]>[number]): HTMLElement {
  const isImage = attachment.contentKind === "image" || (attachment.contentType ?? "").startsWith("image/");
  const kind = isImage ? t("image") : attachment.contentKind === "document" ? t("document") : t("attachment");
  const label = attachment.name || kind;
  const href = safeHttpUrl(attachment.url);
  return h(
    "div",
    { class: `attachment ${isImage ? "image" : "file"}` },
    attachment.name ? h("span", { class: "attachment-kind" }, `${kind}: `) : null,
    href ? externalLink(href, label) : h("span", null, label, " ", h("span", { class: "muted" }, t("linkRemoved"))),
    attachment.contentType ? h("span", { class: "muted" }, ` ${attachment.contentType}`) : null,
    attachment.caption ? h("div", { class: "caption" }, attachment.caption) : null,
  );
}

function locationBlock(location: NonNullable<Message["location"]>): HTMLElement {
  const lat = Number(location.latitude);
  const lon = Number(location.longitude);
  const valid = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const coordinates = valid ? `${lat.toFixed(5)}, ${lon.toFixed(5)}` : "";
  return h(
    "div",
    { class: "location" },
    h("span", { class: "attachment-kind" }, `${t("location")}: `),
    h("b", null, location.name || t("location")),
    location.address ? h("div", null, location.address) : null,
    valid
      ? h(
          "div",
          null,
          h("span", { class: "muted" }, `${t("coordinates")}: `),
          h("span", { class: "coords" }, coordinates),
          " · ",
          externalLink(`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`, t("openMap")),
        )
      : null,
  );
}
