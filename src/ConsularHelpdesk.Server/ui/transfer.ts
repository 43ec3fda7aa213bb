// The transfer dialog: another post (or one named by its id) and a reason; the conversation leaves the list when
// the list shows one post and it is not that one.
import { act } from "./actions.js";
import { api, MY_POSTS } from "./api.js";
import { byTestId, h } from "./dom.js";
import { postName } from "./format.js";
import { showNotice } from "./notices.js";
import { state, t } from "./state.js";
import { thread } from "./threadElements.js";

/** Opens the dialog; `transferredAway` is called when the conversation left the post the list shows. */
export function openTransferDialog(transferredAway: () => void): void {
  const data = state.thread;
  const me = state.me;
  if (!data || !me) {
    return;
  }
  const others = (me.transferTargets ?? me.posts).filter((post) => post.id !== data.conversation.postId);
  const OTHER = "\u0000other";
  const postSelect = h(
    "select",
    { required: true, id: "transfer-post" },
    others.map((post) => h("option", { value: post.id }, `${postName(post, state.language)} — ${post.city}, ${post.country}`)),
    h("option", { value: OTHER }, t("transferOtherPost")),
  );
  const postIdInput = h("input", { type: "text", id: "transfer-post-id", hidden: others.length > 0, "aria-label": t("transferPostId"), placeholder: t("transferPostId") });
  const reason = h("textarea", { id: "transfer-reason", required: true, rows: 3, maxlength: me.limits?.transferReason ?? null });
  const confirm = h("button", { type: "submit", class: "primary", "data-testid": "transfer-confirm" }, t("transferConfirm"));
  const cancel = h("button", { type: "button" }, t("cancel"));
  const form = h(
    "form",
    { method: "dialog", class: "transfer-form" },
    h("h2", null, t("transferTitle")),
    h("label", { for: "transfer-post" }, t("post")),
    postSelect,
    postIdInput,
    h("label", { for: "transfer-reason" }, t("transferReason")),
    reason,
    h("div", { class: "row" }, h("span", { class: "spacer" }), cancel, confirm),
  );
  const dialog = h("dialog", { class: "transfer-dialog", "data-testid": "transfer-dialog", "aria-label": t("transferTitle") }, form);
  postSelect.value = others[0]?.id ?? OTHER;
  const syncOther = () => {
    postIdInput.hidden = postSelect.value !== OTHER;
    postIdInput.required = postSelect.value === OTHER;
  };
  syncOther();
  postSelect.addEventListener("change", syncOther);
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    byTestId(thread.header, "transfer")?.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const postId = postSelect.value === OTHER ? postIdInput.value.trim() : postSelect.value;
    const why = reason.value.trim();
    if (!postId || !why) {
      (postId ? reason : postIdInput).focus();
      return;
    }
    dialog.close();
    void act((id, etag) => api.transfer(id, etag, postId, why)).then((ok) => {
      if (ok) {
        showNotice(t("transferDone"));
        if (state.thread && state.postId !== MY_POSTS && state.thread.conversation.postId !== state.postId) {
          transferredAway();
        }
      }
    });
  });
  document.body.append(dialog);
  dialog.showModal();
  (others.length > 0 ? reason : postIdInput).focus();
}
