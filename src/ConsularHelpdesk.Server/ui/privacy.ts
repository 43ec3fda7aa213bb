// Administrators only: a citizen's access request and erasure. Find them (phone number or user id, sent in a POST body,
// or a conversation id), download the export, request the erasure and confirm it (a second administrator, or the one
// who asked typing the phrase), and follow it to the end. The find shows counts, dates and posts, nothing personal.
import { ApiError, api } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { formatFull } from "./format.js";
import { openScreen, field, problemText } from "./screen.js";
import { state, t } from "./state.js";
import type { CitizenSummary, Erasure } from "./types.js";

export function mayHandlePrivacy(): boolean {
  return state.me?.role === "admin";
}

export function openPrivacy(opener: HTMLElement): void {
  const screen = openScreen(t("privacyTitle"), "privacy", opener);
  const channel = h("select", { "data-testid": "privacy-channel" }, h("option", { value: "whatsapp" }, "WhatsApp"), h("option", { value: "messenger" }, "Messenger"));
  const id = h("input", { type: "text", "data-testid": "privacy-id", maxlength: "64", autocomplete: "off" });
  const conversation = h("input", { type: "text", "data-testid": "privacy-conversation", maxlength: "64", autocomplete: "off" });
  const find = h("button", { type: "submit", "data-testid": "privacy-find" }, t("privacyFind"));
  const form = h("form", { class: "row" }, field(t("privacyChannel"), channel), field(t("privacyId"), id), field(t("privacyConversation"), conversation), find);
  const result = h("div", { "data-testid": "privacy-result", "aria-live": "polite" });
  replaceChildren(screen.body, h("p", { class: "muted small" }, t("privacyHelp")), form, result);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = conversation.value.trim() ? { conversation: conversation.value.trim() } : { channel: channel.value, id: id.value.trim() };
    replaceChildren(result, t("loading"));
    void api.findCitizen(query).then(
      (found) => showCitizen(result, found.data!),
      (error: unknown) =>
        replaceChildren(result, h("p", { role: "alert" }, error instanceof ApiError && error.status === 404 ? t("privacyNotFound") : problemText(error))),
    );
  });
  id.focus();
}

function showCitizen(result: HTMLElement, citizen: CitizenSummary): void {
  const exportLink = h("a", { href: api.exportUrl(citizen.contact), download: "", "data-testid": "privacy-export" }, t("privacyExport"));
  const erase = h("button", { type: "button", "data-testid": "privacy-erase" }, t("privacyErase"));
  const erasure = h("div", { "data-testid": "privacy-erasure", "aria-live": "polite" });
  replaceChildren(
    result,
    h(
      "p",
      { "data-testid": "privacy-summary" },
      t("privacySummary", {
        conversations: citizen.conversations,
        first: formatFull(citizen.firstOpenedAt ?? null),
        last: formatFull(citizen.lastOpenedAt ?? null),
        posts: citizen.posts.join(", "),
      }),
    ),
    h("div", { class: "row" }, exportLink, erase),
    erasure,
  );
  erase.addEventListener("click", () => {
    erase.disabled = true;
    void api.requestErasure(citizen.contact).then(
      (requested) => showErasure(erasure, requested.data!),
      (error: unknown) => {
        erase.disabled = false;
        replaceChildren(erasure, h("p", { role: "alert" }, refusal(error)));
      },
    );
  });
}

function showErasure(box: HTMLElement, erasure: Erasure): void {
  if (erasure.phase === "done") {
    const counts = Object.entries(erasure.counts ?? {}).filter(([, n]) => n > 0).map(([kind, n]) => `${kind}: ${n}`).join(", ");
    replaceChildren(box, h("p", { "data-testid": "privacy-erased" }, t("privacyErased", { id: erasure.id, counts })));
    return;
  }
  if (erasure.phase === "running") {
    const resume = h("button", { type: "button", "data-testid": "privacy-resume" }, t("privacyResume"));
    resume.addEventListener("click", () => void act(box, () => api.runErasure(erasure.id)));
    replaceChildren(box, h("p", null, t("privacyRunning", { step: erasure.step ?? "-" })), resume);
    return;
  }
  const alone = erasure.requestedBy === state.me?.id;
  const phrase = h("input", { type: "text", "data-testid": "privacy-phrase", autocomplete: "off", maxlength: "40" });
  const confirm = h("button", { type: "button", "data-testid": "privacy-confirm" }, t("privacyConfirm"));
  confirm.addEventListener("click", () => void act(box, () => api.confirmErasure(erasure.id, alone ? phrase.value.trim() : null)));
  replaceChildren(
    box,
    h("p", null, alone
      ? t("privacyRequestedAlone", { phrase: erasure.phrase ?? "", expires: formatFull(erasure.expiresAt) })
      : t("privacyRequestedOther", { by: erasure.requestedBy, expires: formatFull(erasure.expiresAt) })),
    alone ? field(t("privacyPhrase"), phrase) : null,
    confirm,
  );
}

async function act(box: HTMLElement, call: () => Promise<{ data: Erasure | null }>): Promise<void> {
  const before = Array.from(box.childNodes);
  replaceChildren(box, t("privacyErasing"));
  try {
    showErasure(box, (await call()).data!);
  } catch (error) {
    replaceChildren(box, ...before, h("p", { role: "alert" }, refusal(error)));
  }
}

function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    const held = (error.body as { conversations?: string[] } | null)?.conversations;
    return held ? t("privacyHeld", { ids: held.join(", ") }) : t("privacyConflict");
  }
  return problemText(error);
}
