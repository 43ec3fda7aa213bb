// A conversation's level (none, elevated, urgent, critical): its badge in lists and the thread header, the control an
// agent sets it with, and what distress detection found in a citizen's message (the categories in the agent's language).
import { h } from "./dom.js";
import type { TextKey } from "./i18n.js";
import { t } from "./state.js";
import { LEVELS, type Level, type Message } from "./types.js";

const CATEGORIES = new Set([
  "arrest",
  "hospital",
  "accident",
  "death",
  "missing",
  "kidnapping",
  "sexualAssault",
  "violence",
  "stranded",
  "disaster",
  "evacuation",
  "selfHarm",
  "childDanger",
]);

/** The level as a badge (nothing for none): critical, urgent and elevated conversations stand out in every list. */
export function levelChip(level: Level | undefined, testId = "conversation-level"): HTMLElement | null {
  return level && level !== "none" ? h("span", { class: `chip level level-${level}`, "data-testid": testId, "data-level": level }, t(`level_${level}`)) : null;
}

/** The agent's control: the four levels, the current one chosen; <paramref name="onChange"/> gets the new one. */
export function levelSelect(current: Level, setBy: string | null | undefined, disabled: boolean, onChange: (level: Level) => void): HTMLElement {
  const select = h(
    "select",
    { "data-testid": "level-select", "data-key": "level-select", "aria-label": t("levelLabel"), disabled },
    LEVELS.map((level) => h("option", { value: level, selected: level === current }, t(`level_${level}`))),
  );
  select.addEventListener("change", () => onChange(select.value as Level));
  const who = setBy === "agent" ? t("levelSetByAgentShort") : setBy === "auto" ? t("levelSetByAuto") : null;
  return h("label", { class: "level-control" }, h("span", { class: "muted" }, `${t("levelLabel")}:`), select, who ? h("span", { class: "muted small", "data-testid": "level-set-by" }, who) : null);
}

/** What distress detection found in a citizen's message, as a badge with the categories' names (none: nothing). */
export function distressBadge(message: Message): HTMLElement | null {
  const distress = message.distress;
  if (!distress || !distress.level || distress.level === "none") {
    return null;
  }
  const names = distress.categories.map((category) => (CATEGORIES.has(category) ? t(`distress_${category}` as TextKey) : category));
  return h(
    "div",
    { class: `distress-label level-${distress.level}`, "data-testid": "distress-badge", "data-level": distress.level },
    levelChip(distress.level, "distress-level"),
    " ",
    t("distressFound", { categories: names.join(", ") }),
  );
}
