// Administrators and supervisors: the audit of a post (who read or changed which conversation, when), filtered by
// agent, conversation and period, newest first, 50 at a time with "Next page", and the same filter as a CSV download.
import { api } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { formatFull } from "./format.js";
import { state, t } from "./state.js";
import type { AuditEntry } from "./types.js";

export function mayReadAudit(): boolean {
  return state.me?.role === "supervisor" || state.me?.role === "admin";
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Opens the dialog; focus goes back to `opener` when it closes. */
export function openAudit(opener: HTMLElement): void {
  const current = state.postId && !state.postId.startsWith("scope:") ? state.postId : (state.me?.posts[0]?.id ?? "");
  const post = h("input", { type: "text", "data-testid": "audit-post", value: current, required: "required", maxlength: "100" });
  const agent = h("input", { type: "text", "data-testid": "audit-agent", maxlength: "200" });
  const conversation = h("input", { type: "text", "data-testid": "audit-conversation", maxlength: "200" });
  const from = h("input", { type: "date", "data-testid": "audit-from", value: day(-29) });
  const to = h("input", { type: "date", "data-testid": "audit-to", value: day(0) });
  const show = h("button", { type: "button", "data-testid": "audit-show" }, t("auditShow"));
  const csv = h("a", { "data-testid": "audit-csv", download: "" }, t("auditCsv"));
  const more = h("button", { type: "button", "data-testid": "audit-more", hidden: "hidden" }, t("auditMore"));
  const body = h("div", { class: "audit-body", "aria-live": "polite" });
  const close = h("button", { type: "button" }, t("dialogClose"));
  const label = (text: string, input: HTMLElement) => h("label", null, text, " ", input);
  const dialog = h(
    "dialog",
    { class: "account-events-dialog", "data-testid": "audit-dialog", "aria-label": t("auditTitle") },
    h("h2", null, t("auditTitle")),
    h("div", { class: "row" }, label(t("auditPost"), post), label(t("auditAgent"), agent), label(t("auditConversation"), conversation)),
    h("div", { class: "row" }, label(t("auditFrom"), from), label(t("auditTo"), to), show, csv),
    body,
    h("div", { class: "row" }, more, h("span", { class: "spacer" }), close),
  );

  let continuation: string | null = null;
  let rows: AuditEntry[] = [];
  const filter = (): URLSearchParams => {
    const query = new URLSearchParams({ post: post.value.trim(), from: from.value, to: to.value });
    if (agent.value.trim()) {
      query.set("agent", agent.value.trim());
    }
    if (conversation.value.trim()) {
      query.set("conversation", conversation.value.trim());
    }
    return query;
  };
  const load = async (next: boolean): Promise<void> => {
    const query = filter();
    csv.setAttribute("href", api.auditCsvUrl(query));
    if (next && continuation) {
      query.set("continuation", continuation);
    } else {
      rows = [];
    }
    replaceChildren(body, t("loading"));
    try {
      const page = (await api.audit(query)).data;
      rows = [...rows, ...(page?.items ?? [])];
      continuation = page?.continuation ?? null;
      more.hidden = continuation === null;
      replaceChildren(body, rows.length === 0 ? h("p", null, t("auditNone")) : table(rows));
    } catch (error) {
      more.hidden = true;
      replaceChildren(body, h("p", { role: "alert" }, error instanceof Error && error.message ? error.message : t("auditFailed")));
    }
  };
  show.addEventListener("click", () => void load(false));
  more.addEventListener("click", () => void load(true));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  if (current) {
    void load(false);
  }
  post.focus();
}

function table(items: AuditEntry[]): HTMLTableElement {
  return h(
    "table",
    { class: "account-events", "data-testid": "audit-entries" },
    h(
      "thead",
      null,
      h("tr", null, h("th", null, t("auditWhen")), h("th", null, t("auditAgent")), h("th", null, t("auditAction")), h("th", null, t("auditConversation")), h("th", null, t("auditDetails"))),
    ),
    h(
      "tbody",
      null,
      items.map((item) =>
        h("tr", null, h("td", null, formatFull(item.at)), h("td", null, item.agent), h("td", null, item.action), h("td", null, item.conversation ?? ""), h("td", null, item.details ?? "")),
      ),
    ),
  );
}
