// The open conversation's parts, made once and kept across polls: focus, scroll position and the draft survive a
// re-render. The thread, its header, the composer and the busy state all draw into these.
import { h } from "./dom.js";

export const threadPane = h("section", { class: "thread-pane" });

export const thread = {
  header: h("header", { class: "thread-header" }),
  banner: h("div", { class: "reply-window", hidden: true }),
  messages: h("ol", { class: "messages", "aria-label": "" }),
  composer: h("form", { class: "composer" }),
  /** `<conversation id>|<interface language>` of the composer shown, so a poll updates it instead of rebuilding it. */
  composerFor: "" as string,
};
