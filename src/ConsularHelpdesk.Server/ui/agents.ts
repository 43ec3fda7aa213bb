// The agents screen (administrators): every agent of the Agents table, and a form to add or change one — duty
// officers included, whom the roster needs (PUT /api/triage/admin/agents/{id}). A refused save names the field.
import { api } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { showNotice } from "./notices.js";
import { field, openScreen, problemText } from "./screen.js";
import { state, t } from "./state.js";
import { UI_LANGUAGES, type AgentRecord, type Role } from "./types.js";

const ROLES: readonly Role[] = ["agent", "dutyOfficer", "supervisor", "admin"];

export function openAgents(opener: HTMLElement | null): void {
  const screen = openScreen(t("agentsTitle"), "agents", opener);
  const form = h("div", { class: "agent-form" });
  const list = h("div", { class: "agent-list" });
  const add = h("button", { type: "button", "data-testid": "agent-add" }, t("agentAdd"));
  add.addEventListener("click", () => showForm(null));

  const load = async (): Promise<void> => {
    try {
      const agents = (await api.agents()).data ?? [];
      replaceChildren(
        list,
        h(
          "table",
          { class: "agents", "data-testid": "agents-table" },
          h("thead", null, h("tr", null, h("th", null, t("agentId")), h("th", null, t("agentName")), h("th", null, t("agentRole")), h("th", null, t("agentPosts")), h("th", null, t("agentLanguage")), h("th", null, ""))),
          h(
            "tbody",
            null,
            agents.map((agent) => {
              const edit = h("button", { type: "button", class: "link-button", "data-testid": "agent-edit" }, t("rosterEdit"));
              edit.addEventListener("click", () => showForm(agent));
              return h(
                "tr",
                { "data-testid": "agent-row", "data-id": agent.id },
                h("td", null, agent.id),
                h("td", null, agent.name),
                h("td", null, t(`role_${agent.role}`)),
                h("td", { class: "posts" }, agent.posts.join(", ")),
                h("td", null, agent.language.toUpperCase()),
                h("td", null, edit),
              );
            }),
          ),
        ),
      );
    } catch (error) {
      replaceChildren(list, h("p", { role: "alert", class: "error" }, problemText(error)));
    }
  };

  const showForm = (agent: AgentRecord | null): void => {
    const id = h("input", { type: "text", "data-testid": "agent-id", value: agent?.id ?? "", readonly: agent !== null, maxlength: 128, autocomplete: "off", spellcheck: "false" });
    const name = h("input", { type: "text", "data-testid": "agent-name", value: agent?.name ?? "", maxlength: 100 });
    const role = h("select", { "data-testid": "agent-role" }, ROLES.map((r) => h("option", { value: r, selected: r === (agent?.role ?? "dutyOfficer") }, t(`role_${r}`))));
    const posts = h("input", { type: "text", "data-testid": "agent-posts", value: agent?.posts.join(", ") ?? "", autocomplete: "off", spellcheck: "false" });
    const language = h("select", { "data-testid": "agent-language" }, UI_LANGUAGES.map((code) => h("option", { value: code, selected: code === (agent?.language ?? state.language) }, code.toUpperCase())));
    const error = h("p", { class: "error", "data-testid": "agent-error", role: "alert" });
    const save = h("button", { type: "button", "data-testid": "agent-save" }, t("save"));
    const cancel = h("button", { type: "button" }, t("cancel"));
    cancel.addEventListener("click", () => replaceChildren(form));
    save.addEventListener("click", () => {
      const body = {
        name: name.value.trim(),
        role: role.value as Role,
        posts: posts.value.split(/[\s,;]+/).filter(Boolean),
        language: language.value as (typeof UI_LANGUAGES)[number],
      };
      void api.saveAgent(id.value.trim(), body).then(
        async () => {
          replaceChildren(form);
          showNotice(t("agentSaved"));
          await load();
        },
        (failure: unknown) => {
          error.textContent = problemText(failure);
        },
      );
    });
    replaceChildren(
      form,
      h("h3", null, t(agent ? "rosterEdit" : "agentAdd")),
      field(t("agentId"), id),
      field(t("agentName"), name),
      field(t("agentRole"), role),
      field(t("agentPosts"), posts),
      field(t("agentLanguage"), language),
      error,
      h("div", { class: "row" }, save, cancel),
    );
    (agent ? name : id).focus();
  };

  replaceChildren(screen.body, h("div", { class: "row" }, add), form, list);
  void load();
}
