// The duty roster screen (supervisors and administrators): the week of a target — a post, a regional hub or the
// central desk — with its shifts by local day, a form to add or change a shift (duty officers from the Agents table),
// delete, and the gaps of the week (posts closed with nobody on duty) as a warning, read again after every change.
// Times are the target's wall clock as the API takes them (yyyy-MM-ddTHH:mm, what datetime-local gives).
import { api, type ShiftInput } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { findPost } from "./format.js";
import { LOCALES } from "./i18n.js";
import { showNotice } from "./notices.js";
import { field, openScreen, problemText } from "./screen.js";
import { state, t } from "./state.js";
import type { AgentRecord, CoverGap, RosterWeek, Shift } from "./types.js";

const CENTRAL = "central";

export function mayEditRoster(): boolean {
  return state.me?.role === "supervisor" || state.me?.role === "admin";
}

export function openRoster(opener: HTMLElement | null): void {
  const screen = openScreen(t("rosterTitle"), "roster", opener);
  // Picked, not typed: the central desk, the hubs the API says the agent may roster (read once per opening), the posts.
  const hubs = h("optgroup", { label: t("rosterHubs"), "data-testid": "roster-hubs" });
  hubs.hidden = true;
  const target = h(
    "select",
    { "data-testid": "roster-target" },
    h("option", { value: CENTRAL }, t("centralDesk")),
    hubs,
    h("optgroup", { label: t("rosterPosts") }, (state.me?.posts ?? []).map((post) => h("option", { value: post.id }, post.city))),
  );
  target.value = state.me?.posts[0]?.id ?? CENTRAL;
  void api.rosterHubs().then(
    (result) => {
      const list = result.data ?? [];
      replaceChildren(hubs, list.map((hub) => h("option", { value: hub.id, title: hub.posts.map((post) => findPost(post)?.city ?? post).join(", ") }, hub.name)));
      hubs.hidden = list.length === 0;
    },
    () => undefined, // no hubs offered: the central desk and the posts remain
  );
  const week = h("input", { type: "week", "data-testid": "roster-week" });
  const show = h("button", { type: "button", "data-testid": "roster-show" }, t("rosterShow"));
  const gaps = h("div", { class: "roster-gaps", "data-testid": "roster-gaps", role: "status", "aria-live": "polite" });
  const days = h("div", { class: "roster-week", "data-testid": "roster-days" });
  const form = h("div", { class: "roster-form" });
  const add = h("button", { type: "button", "data-testid": "roster-add" }, t("rosterAdd"));
  // The people to roster: read once per opening of the screen.
  const agents: Promise<AgentRecord[]> = api.agents().then(
    (result) => result.data ?? [],
    () => [],
  );
  const zone = h("p", { class: "muted small" });
  let current: RosterWeek | null = null;

  // Only the answer to the latest request is shown: an earlier one that comes late would show another week.
  let latest = 0;
  const load = async (): Promise<void> => {
    const request = ++latest;
    try {
      const result = await api.rosterWeek(target.value, week.value || null);
      if (request !== latest) {
        return;
      }
      current = result.data;
      if (current) {
        week.value = current.week;
        zone.textContent = t("rosterTimeZone", { zone: current.timeZone });
        renderWeek(current);
        renderGaps(current.gaps, current.timeZone);
      }
    } catch (error) {
      if (request !== latest) {
        return;
      }
      current = null;
      replaceChildren(days);
      replaceChildren(gaps, h("p", { role: "alert", class: "error" }, problemText(error)));
    }
  };

  const renderGaps = (list: CoverGap[], timeZone: string): void => {
    gaps.classList.toggle("warning", list.length > 0);
    gaps.dataset["count"] = String(list.length);
    replaceChildren(
      gaps,
      list.length === 0
        ? h("p", null, t("rosterNoGaps"))
        : [
            h("p", null, h("strong", null, t("rosterGaps", { count: list.length }))),
            h(
              "ul",
              null,
              list.slice(0, 50).map((gap) => h("li", { "data-testid": "roster-gap" }, t("rosterGap", { post: findPost(gap.post)?.city ?? gap.post, from: when(gap.from, timeZone), to: when(gap.to, timeZone) }))),
            ),
          ],
    );
  };

  const renderWeek = (view: RosterWeek): void => {
    const byDay = new Map<string, Shift[]>();
    for (let day = 0; day < 7; day++) {
      byDay.set(localDate(view.from, view.timeZone, day), []);
    }
    for (const shift of view.shifts) {
      byDay.get(shift.localStart.slice(0, 10))?.push(shift);
    }
    replaceChildren(
      days,
      [...byDay].map(([date, shifts]) =>
        h(
          "section",
          { class: "roster-day", "data-date": date },
          h("h3", null, dayTitle(date)),
          shifts.length === 0
            ? h("p", { class: "muted small" }, t("rosterNoShifts"))
            : h(
                "ul",
                null,
                shifts.map((shift) => {
                  const edit = h("button", { type: "button", class: "link-button", "data-testid": "roster-edit" }, t("rosterEdit"));
                  edit.addEventListener("click", () => void showForm(shift));
                  const remove = h("button", { type: "button", class: "link-button", "data-testid": "roster-delete" }, t("rosterDelete"));
                  remove.addEventListener("click", () => void save(() => api.deleteShift(shift.id)));
                  return h(
                    "li",
                    { class: "shift", "data-testid": "roster-shift", "data-id": shift.id },
                    h("div", null, h("strong", null, shift.agentName)),
                    h("div", { class: "muted small" }, `${shift.localStart.slice(11)} – ${shift.localEnd.slice(0, 10) === shift.localStart.slice(0, 10) ? shift.localEnd.slice(11) : `${dayTitle(shift.localEnd.slice(0, 10))} ${shift.localEnd.slice(11)}`}`),
                    shift.note ? h("div", { class: "small" }, shift.note) : null,
                    h("div", { class: "row" }, edit, remove),
                  );
                }),
              ),
        ),
      ),
    );
  };

  const save = async (call: () => Promise<{ data: { gaps: CoverGap[] } | null }>): Promise<void> => {
    try {
      const change = (await call()).data;
      replaceChildren(form);
      showNotice(t("rosterSaved"));
      const timeZone = current?.timeZone;
      await load();
      // The gaps of the week the change touched (it may be another than the one shown).
      if (change && timeZone) {
        renderGaps(change.gaps, timeZone);
      }
    } catch (error) {
      const message = form.querySelector<HTMLElement>("[data-testid=roster-error]");
      if (message) {
        message.textContent = problemText(error);
      } else {
        replaceChildren(gaps, h("p", { role: "alert", class: "error" }, problemText(error)));
      }
    }
  };

  const showForm = async (shift: Shift | null): Promise<void> => {
    const people = (await agents).filter((agent) => agent.role === "dutyOfficer" || agent.role === "admin");
    const agent = h(
      "select",
      { "data-testid": "roster-agent" },
      people.map((person) => h("option", { value: person.id, selected: person.id === shift?.agentId }, `${person.name} (${person.id})`)),
    );
    const monday = current ? localDate(current.from, current.timeZone, 0) : "";
    const start = h("input", { type: "datetime-local", "data-testid": "roster-start", value: shift?.localStart ?? (monday ? `${monday}T18:00` : "") });
    const end = h("input", { type: "datetime-local", "data-testid": "roster-end", value: shift?.localEnd ?? (monday ? `${localDate(current!.from, current!.timeZone, 1)}T08:00` : "") });
    const note = h("input", { type: "text", maxlength: 200, "data-testid": "roster-note", value: shift?.note ?? "" });
    const submit = h("button", { type: "button", "data-testid": "roster-save" }, t("save"));
    const cancel = h("button", { type: "button" }, t("cancel"));
    cancel.addEventListener("click", () => replaceChildren(form));
    submit.addEventListener("click", () => {
      const input: ShiftInput = { agentId: agent.value, target: target.value, start: start.value, end: end.value };
      if (note.value.trim()) {
        input.note = note.value.trim();
      }
      void save(() => (shift ? api.replaceShift(shift.id, input) : api.addShift(input)));
    });
    replaceChildren(
      form,
      h("h3", null, t(shift ? "rosterEdit" : "rosterAdd")),
      field(t("rosterAgent"), agent),
      field(t("rosterStart"), start),
      field(t("rosterEnd"), end),
      field(t("rosterNote"), note),
      h("p", { class: "error", "data-testid": "roster-error", role: "alert" }),
      h("div", { class: "row" }, submit, cancel),
    );
    agent.focus();
  };

  add.addEventListener("click", () => void showForm(null));
  show.addEventListener("click", () => void load());
  target.addEventListener("change", () => void load());
  week.addEventListener("change", () => void load());

  replaceChildren(
    screen.body,
    h("div", { class: "row wrap" }, field(t("rosterTarget"), target), field(t("rosterWeek"), week), show, add),
    zone,
    gaps,
    form,
    days,
  );
  void load();
}

/** The local date (yyyy-MM-dd) `days` after the week's start, in the target's zone. */
function localDate(from: string, timeZone: string, days: number): string {
  const date = new Date(Date.parse(from) + days * 86_400_000 + 12 * 3_600_000); // noon: clear of a summer-time hour
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

function dayTitle(date: string): string {
  const parsed = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : new Intl.DateTimeFormat(LOCALES[state.language], { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(parsed);
}

function when(value: string, timeZone: string): string {
  const date = new Date(value);
  try {
    return new Intl.DateTimeFormat(LOCALES[state.language], { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(date);
  } catch {
    return value;
  }
}
