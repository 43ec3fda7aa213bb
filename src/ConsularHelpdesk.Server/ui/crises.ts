// The crises screen (supervisors, administrators): open a crisis for countries or subdivisions with its message in the
// four languages, the list of crises, and a crisis's dashboard — counts that poll every 3 s while it is shown, and
// its conversations, level first, a page of 50 at a time ("load more" adds one), and its broadcasts (broadcasts.ts).
// The counts come from the crisis's counter rows (GET crises/{id}): a few rows per poll whatever the crisis's size.
import { api, ApiError } from "./api.js";
import { broadcastPanel } from "./broadcasts.js";
import { h, replaceChildren } from "./dom.js";
import { formatFull, timeElement } from "./format.js";
import { showNotice } from "./notices.js";
import { field, openScreen, problemText } from "./screen.js";
import { state, t } from "./state.js";
import type { Crisis, CrisisArea, CrisisConversation } from "./types.js";

const POLL_MS = 3000;
const LANGUAGES = ["nl", "fr", "de", "en"] as const;
const LEVELS = ["critical", "urgent", "elevated", "none"] as const;

export function mayManageCrises(): boolean {
  return state.me?.role === "supervisor" || state.me?.role === "admin";
}

export function openCrises(opener: HTMLElement | null): void {
  const screen = openScreen(t("crisesTitle"), "crises", opener);
  const form = h("div", { class: "crisis-form" });
  const list = h("div", { class: "crisis-list" });
  const dashboard = h("div", { class: "crisis-dashboard", "data-testid": "crisis-dashboard" });
  // Outside the dashboard, which is redrawn on every poll: a form being filled in stays as it is.
  const broadcasts = broadcastPanel();
  let timer: number | null = null;
  let shown: string | null = null;
  let pages = 1; // the list's pages shown; each poll reads them again
  screen.dialog.addEventListener("close", () => {
    if (timer !== null) {
      window.clearInterval(timer);
    }
  });

  const add = h("button", { type: "button", "data-testid": "crisis-new" }, t("crisisOpen"));
  add.addEventListener("click", () => showForm());

  const load = async (): Promise<void> => {
    try {
      const crises = (await api.crises()).data?.crises ?? [];
      replaceChildren(
        list,
        crises.length === 0
          ? h("p", { class: "muted" }, t("crisisNone"))
          : h(
              "ul",
              { class: "crises", "data-testid": "crises-list" },
              crises.map((crisis) => {
                const view = h("button", { type: "button", class: "link-button", "data-testid": "crisis-show" }, t("crisisShow"));
                view.addEventListener("click", () => show(crisis.id));
                return h(
                  "li",
                  { "data-testid": "crisis-row", "data-id": crisis.id, class: crisis.open ? "open" : "closed" },
                  h("strong", null, crisis.title),
                  " ",
                  h("span", { class: "muted" }, [...crisis.countries, ...crisis.subdivisions].join(", ")),
                  " · ",
                  h("span", null, crisis.open ? t("crisisOpenState") : t("crisisClosedState", { time: formatFull(crisis.closedAt), name: crisis.closedByName ?? "" })),
                  " ",
                  view,
                );
              }),
            ),
      );
    } catch (error) {
      replaceChildren(list, h("p", { role: "alert", class: "error" }, problemText(error)));
    }
  };

  const show = (id: string): void => {
    shown = id;
    pages = 1;
    if (timer !== null) {
      window.clearInterval(timer);
    }
    void refresh();
    timer = window.setInterval(() => void refresh(), POLL_MS);
  };

  const refresh = async (): Promise<void> => {
    const id = shown;
    if (!id) {
      return;
    }
    try {
      const [crisis, first] = await Promise.all([api.crisis(id), api.crisisConversations(id)]);
      const conversations = [...(first.data?.conversations ?? [])];
      let next = first.data?.next;
      for (let page = 1; page < pages && next; page++) {
        const more = await api.crisisConversations(id, next);
        conversations.push(...(more.data?.conversations ?? []));
        next = more.data?.next;
      }
      if (shown === id && crisis.data) {
        renderDashboard(crisis.data, conversations, Boolean(next));
        broadcasts.show(crisis.data);
        await broadcasts.refresh();
      }
    } catch (error) {
      replaceChildren(dashboard, h("p", { role: "alert", class: "error" }, problemText(error)));
    }
  };

  const renderDashboard = (crisis: Crisis, conversations: CrisisConversation[], more: boolean): void => {
    const counts = crisis.dashboard;
    const close = crisis.open ? h("button", { type: "button", "data-testid": "crisis-close" }, t("crisisClose")) : null;
    close?.addEventListener("click", () => {
      void api.closeCrisis(crisis.id).then(
        async () => {
          showNotice(t("crisisClosed"));
          await load();
          await refresh();
        },
        (failure: unknown) => showNotice(problemText(failure)),
      );
    });
    const count = (key: string, label: string, value: number) => h("div", { class: "count", "data-testid": `crisis-count-${key}` }, h("span", { class: "value" }, String(value)), h("span", { class: "label" }, label));
    replaceChildren(
      dashboard,
      h("h3", null, crisis.title),
      h("p", { class: "muted" }, t("crisisOpenedBy", { time: formatFull(crisis.openedAt), name: crisis.openedByName }), crisis.open ? null : ` · ${t("crisisClosedState", { time: formatFull(crisis.closedAt), name: crisis.closedByName ?? "" })}`),
      counts
        ? h(
            "div",
            { class: "counts" },
            count("conversations", t("crisisCountConversations"), counts.conversations),
            count("waiting", t("crisisCountWaiting"), counts.waiting),
            count("answered", t("crisisCountAnswered"), counts.answered),
            count("closed", t("crisisCountClosed"), counts.closed),
          )
        : null,
      counts
        ? h(
            "p",
            { "data-testid": "crisis-oldest" },
            counts.oldestWaitingSince ? [t("crisisOldestWaiting"), " ", timeElement(counts.oldestWaitingSince, true)] : t("crisisNobodyWaits"),
          )
        : null,
      counts ? h("p", null, `${t("crisisByLevel")}: `, LEVELS.map((level) => `${t(`crisisLevel_${level}`)} ${counts.byLevel[level] ?? 0}`).join(" · ")) : null,
      counts ? h("p", null, `${t("crisisByChannel")}: `, Object.entries(counts.byChannel).map(([channel, n]) => `${channel} ${n}`).join(" · ") || "—") : null,
      close,
      h(
        "ul",
        { class: "crisis-conversations", "data-testid": "crisis-conversations" },
        conversations.map((c) => {
          const open = h("button", { type: "button", class: "link-button" }, c.preview || t("noPreview"));
          open.addEventListener("click", () => {
            screen.close();
            location.hash = `c=${encodeURIComponent(c.id)}`; // the page opens a conversation named in the hash
          });
          return h(
            "li",
            { "data-testid": "crisis-conversation", "data-id": c.id, class: `level-${c.level}` },
            h("span", { class: "chip" }, t(`crisisLevel_${LEVELS.includes(c.level as (typeof LEVELS)[number]) ? (c.level as (typeof LEVELS)[number]) : "none"}`)),
            " ",
            h("span", { class: "chip" }, t(c.state === "waiting" ? "crisisState_waiting" : c.state === "closed" ? "crisisState_closed" : "crisisState_answered")),
            ` ${c.post} · ${c.channel} · `,
            timeElement(c.lastActivityAt),
            " ",
            open,
          );
        }),
      ),
      more ? loadMore() : null,
    );
  };

  const loadMore = (): HTMLElement => {
    const button = h("button", { type: "button", class: "link-button", "data-testid": "crisis-more" }, t("loadMore"));
    button.addEventListener("click", () => {
      pages++;
      void refresh();
    });
    return button;
  };

  const showForm = (): void => {
    const title = h("input", { type: "text", "data-testid": "crisis-title", maxlength: 200 });
    // What the agent may open a crisis for, by the API's own rule (GET crises/areas): an administrator every country of
    // the jurisdiction map and every subdivision of a split country; a supervisor those their posts alone serve.
    const picker = h("select", { multiple: true, size: 8, "data-testid": "crisis-country-picker" });
    const subdivisionPicker = h("select", { multiple: true, size: 4, "data-testid": "crisis-subdivision-picker" });
    const regionNames = new Intl.DisplayNames([state.language], { type: "region" });
    const label = (area: CrisisArea, name: string | undefined): string =>
      `${area.code}${name && name !== area.code ? ` · ${name}` : ""} (${area.posts.map((p) => p.city).join(", ")})`;
    void api.crisisAreas().then(
      (areas) => {
        const data = areas.data ?? { countries: [], subdivisions: [] };
        replaceChildren(picker, data.countries.map((a) => h("option", { value: a.code }, label(a, regionNames.of(a.code)))));
        replaceChildren(subdivisionPicker, data.subdivisions.map((a) => h("option", { value: a.code }, label(a, regionNames.of(a.code.slice(0, 2))))));
      },
      (failure: unknown) => {
        error.textContent = problemText(failure);
      },
    );
    const subdivisions = h("input", { type: "text", "data-testid": "crisis-subdivisions", placeholder: "TR-34", autocomplete: "off", spellcheck: "false" });
    const messages = Object.fromEntries(LANGUAGES.map((code) => [code, h("textarea", { "data-testid": `crisis-message-${code}`, maxlength: 2000, rows: 3 })])) as Record<(typeof LANGUAGES)[number], HTMLTextAreaElement>;
    const error = h("p", { class: "error", "data-testid": "crisis-error", role: "alert" });
    const save = h("button", { type: "button", "data-testid": "crisis-save" }, t("crisisOpen"));
    const cancel = h("button", { type: "button" }, t("cancel"));
    cancel.addEventListener("click", () => replaceChildren(form));
    const codes = (text: string) => text.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
    save.addEventListener("click", () => {
      void api
        .openCrisis({
          title: title.value.trim(),
          countries: Array.from(picker.selectedOptions, (o) => o.value),
          subdivisions: [...new Set([...Array.from(subdivisionPicker.selectedOptions, (o) => o.value), ...codes(subdivisions.value)])],
          messages: { nl: messages.nl.value, fr: messages.fr.value, de: messages.de.value, en: messages.en.value },
        })
        .then(
          async (opened) => {
            replaceChildren(form);
            showNotice(t("crisisOpened"));
            await load();
            if (opened.data) {
              show(opened.data.id);
            }
          },
          (failure: unknown) => {
            error.textContent = failure instanceof ApiError && failure.status === 409 ? t("crisisConflict") : problemText(failure);
          },
        );
    });
    replaceChildren(
      form,
      h("h3", null, t("crisisOpen")),
      field(t("crisisTitle"), title),
      field(t("crisisCountryPicker"), picker),
      field(t("crisisSubdivisionPicker"), subdivisionPicker),
      field(t("crisisSubdivisions"), subdivisions),
      LANGUAGES.map((code) => field(t(`crisisMessage_${code}`), messages[code])),
      error,
      h("div", { class: "row" }, save, cancel),
    );
    title.focus();
  };

  replaceChildren(screen.body, h("div", { class: "row" }, add), form, list, dashboard, broadcasts.element);
  void load();
}
