// "On duty now": for each post the list shows (postStatus.ts), its local time, open or closed, and who covers it until
// when. Folded on a phone, where the list needs the height.
import { h, replaceChildren } from "./dom.js";
import { findPost, postName } from "./format.js";
import type { TextKey } from "./i18n.js";
import { renderList } from "./list.js";
import { onPhone } from "./phone.js";
import { localTimeAt, openingAt, postsInView, postStatus, refreshPostStatuses } from "./postStatus.js";
import { state, t } from "./state.js";

const body = h("div", { class: "duty-panel-body" });
const summary = h("summary", null);
export const dutyPanel = h("details", { class: "duty-panel", "data-testid": "duty-panel" }, summary, body);
dutyPanel.open = !onPhone();

const ROLE_KEYS: Readonly<Record<string, TextKey>> = {
  postDuty: "role_postDuty",
  regionalHub: "role_regionalHub",
  centralDesk: "role_centralDesk",
};

export function renderDutyPanel(): void {
  summary.textContent = t("onDutyNow");
  const rows = postsInView().flatMap((postId) => {
    const status = postStatus(postId);
    if (!status) {
      return [];
    }
    const post = findPost(postId);
    const zone = post?.timeZone;
    const time = localTimeAt(zone);
    const state_ = status.open ? t("postOpen") : status.nextOpen ? `${t("postClosed")}, ${t("opensAt", { time: openingAt(zone, status.nextOpen) })}` : t("postClosed");
    return [
      h(
        "li",
        { "data-testid": "duty-panel-post", "data-post": postId },
        h("div", { class: "row" }, h("strong", { title: postName(post, state.language) || postId }, post?.city ?? postId), h("span", { class: "muted" }, [time, state_].filter(Boolean).join(" · "))),
        status.cover.length === 0
          ? h("div", { class: "muted small" }, t("onDutyNobody"))
          : h(
              "ul",
              { class: "cover" },
              status.cover.map((person) =>
                h(
                  "li",
                  { "data-testid": "duty-panel-person" },
                  t("coverUntil", { name: person.name, role: ROLE_KEYS[person.role] ? t(ROLE_KEYS[person.role]!) : person.role, time: openingAt(zone, person.until) }),
                ),
              ),
            ),
      ),
    ];
  });
  replaceChildren(body, rows.length > 0 ? h("ul", { class: "duty-posts" }, rows) : h("p", { class: "muted small" }, t("onDutyNone")));
}

/** Reads what is due (bounded, see postStatus.ts) and draws the rows and the panel again when something changed. */
export async function updateDuty(): Promise<void> {
  if (await refreshPostStatuses()) {
    renderList();
    renderDutyPanel();
  }
}
