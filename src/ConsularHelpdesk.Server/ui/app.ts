// The triage view: a post's conversations on the left, the open conversation on the right, polled every 3 s.
// All citizen content is put in the page as text (see dom.ts); nothing here builds HTML from strings.
// This file starts the page and wires the feature modules together (a module that must call one above it gets a
// handler from here); what each module holds is listed in docs/architecture.md, "The triage page".
import { setThreadReloader } from "./actions.js";
import { api, ApiError, DUTY, MY_POSTS, setUnauthorizedHandler } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { languageBar, setLanguageChangedHandler } from "./languageSwitch.js";
import { renderApp } from "./layout.js";
import { refreshList, setOpenHandler } from "./list.js";
import { errorBar, report } from "./notices.js";
import { fitToVisibleViewport, onPhone } from "./phone.js";
import { mayUseDuty } from "./postPicker.js";
import { updateDuty } from "./dutyPanel.js";
import { forgetAlerts, refreshAlerts } from "./alerts.js";
import { forgetPostStatuses } from "./postStatus.js";
import { poll, schedulePoll } from "./polling.js";
import { root } from "./root.js";
import { renderSignIn, setSignedInHandler } from "./signIn.js";
import { initialLanguage, state, STORAGE, t } from "./state.js";
import { closeToList, conversationFromHash, openConversation, reloadThread } from "./thread.js";

setUnauthorizedHandler(() => {
  if (state.me) {
    state.me = null;
    forgetPostStatuses();
    forgetAlerts();
    void renderSignIn();
  }
});
setSignedInHandler(boot);
setLanguageChangedHandler(() => {
  if (state.me) {
    renderApp();
  } else {
    void renderSignIn();
  }
});
setOpenHandler((id, focusComposer) => void openConversation(id, focusComposer));
setThreadReloader(reloadThread);
fitToVisibleViewport();

async function boot(): Promise<void> {
  document.documentElement.lang = state.language;
  replaceChildren(root, h("p", { class: "loading" }, t("loading")));
  try {
    const me = (await api.me()).data;
    if (!me) {
      throw new ApiError(500, null);
    }
    state.me = me;
    state.language = initialLanguage(me);
    const storedPost = (() => {
      try {
        return localStorage.getItem(STORAGE.post);
      } catch {
        return null;
      }
    })();
    // A duty officer who has not chosen starts in the duty list when it holds something (at night: the closed posts
    // the roster gives them), else in their own post's list as by day.
    const dutyFirst = storedPost === null && me.role === "dutyOfficer" && (await dutyListHasItems());
    state.postId =
      (storedPost === DUTY && mayUseDuty(me)) || dutyFirst
        ? DUTY
        : storedPost === MY_POSTS && me.posts.length > 1
          ? MY_POSTS
          : (me.posts.find((post) => post.id === storedPost)?.id ?? me.posts[0]?.id ?? null);
    renderApp();
    await refreshList(true);
    void updateDuty();
    void refreshAlerts();
    schedulePoll();
    const linked = conversationFromHash();
    if (linked) {
      await openConversation(linked, false);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await renderSignIn();
    } else {
      renderFatal(error);
    }
  }
}

async function dutyListHasItems(): Promise<boolean> {
  try {
    return ((await api.conversations(DUTY, { view: "open", channel: "", language: "" })).data?.items.length ?? 0) > 0;
  } catch {
    return false;
  }
}

function renderFatal(error: unknown): void {
  replaceChildren(root, languageBar(), errorBar);
  report(error);
  const retry = h("button", { type: "button" }, t("refresh"));
  retry.addEventListener("click", () => void boot());
  root.append(h("p", { class: "center" }, retry));
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && state.me) {
    void poll();
  }
});

// A link pasted into the address bar of the open page changes only the hash: open what it names. On a phone, the
// system's back button takes the hash away: back to the list.
window.addEventListener("hashchange", () => {
  const named = conversationFromHash();
  if (named && named !== state.selectedId && state.me) {
    void openConversation(named, false);
  } else if (!named && state.selectedId !== null && onPhone()) {
    closeToList();
  }
});

void boot();
