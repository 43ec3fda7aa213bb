// The post picker (one post, or "My posts" for an agent of several) and the local time at the chosen post.
import { DUTY, MY_POSTS } from "./api.js";
import { h } from "./dom.js";
import { findPost, postName } from "./format.js";
import { LOCALES } from "./i18n.js";
import { refreshList, resetList } from "./list.js";
import { state, store, STORAGE, t } from "./state.js";
import { closeThread } from "./thread.js";
import type { Me } from "./types.js";

export const postClock = h("span", { class: "post-clock muted" });

/** The picker of the agent's posts; choosing one shows its list and closes the open conversation. */
export function postPicker(me: Me): HTMLSelectElement {
  const picker = h(
    "select",
    { "aria-label": t("post"), title: t("post"), "data-key": "post", class: "post-picker" },
    mayUseDuty(me) ? h("option", { value: DUTY, selected: state.postId === DUTY, "data-testid": "duty-scope" }, t("dutyPosts")) : null,
    me.posts.length > 1 ? h("option", { value: MY_POSTS, selected: state.postId === MY_POSTS }, t("myPosts")) : null,
    me.posts.map((post) => h("option", { value: post.id, selected: post.id === state.postId }, `${postName(post, state.language)} — ${post.city}`)),
  );
  picker.addEventListener("change", () => {
    state.postId = picker.value;
    state.search = null;
    store(STORAGE.post, state.postId);
    resetList();
    closeThread();
    void refreshList(true);
    updateClock();
  });
  return picker;
}

/** Duty officers and administrators have the duty list (scope=duty): the closed posts the roster gives them now. */
export function mayUseDuty(me: Me): boolean {
  return me.role === "dutyOfficer" || me.role === "admin";
}

/** The post's own time, so an agent in Brussels knows whether it is night where the citizen is. */
export function updateClock(): void {
  const post = findPost(state.postId);
  if (!post) {
    postClock.textContent = "";
    return;
  }
  let time = "";
  try {
    time = new Intl.DateTimeFormat(LOCALES[state.language], { hour: "2-digit", minute: "2-digit", timeZone: post.timeZone }).format(new Date());
  } catch {
    time = "";
  }
  postClock.textContent = time ? t("localTimeAtPost", { time }) : "";
}
