// The sign-in screen (the ministry's identity provider; in Development also the demo agents) and signing out.
import { api, ApiError } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { languageBar } from "./languageSwitch.js";
import { errorBar, report } from "./notices.js";
import { stopPolling } from "./polling.js";
import { root } from "./root.js";
import { state, t } from "./state.js";

/** Starts the page for the agent who just signed in (set by app.ts). */
let onSignedIn: () => Promise<void> = async () => {};
export function setSignedInHandler(handler: () => Promise<void>): void {
  onSignedIn = handler;
}

export async function renderSignIn(): Promise<void> {
  stopPolling();
  document.title = t("appTitle");
  const devList = h("div", { class: "dev-sign-in" });
  const panel = h(
    "main",
    { class: "sign-in", "data-testid": "sign-in" },
    h("h1", null, t("signInTitle")),
    h("p", null, t("signInText")),
    h("p", null, h("a", { class: "button primary", href: "/.auth/login/aad?post_login_redirect_uri=/" }, t("signInOrganisation"))),
    devList,
  );
  replaceChildren(root, languageBar(), errorBar, panel);
  const agents = await api.devAgents();
  if (agents === null) {
    return; // not Development
  }
  const buttons = agents.map((agent) => {
    const button = h("button", { type: "button", "data-agent-id": agent.id }, t("signInAs", { name: agent.name }));
    button.addEventListener("click", async () => {
      try {
        await api.devSignIn(agent.id);
        await onSignedIn();
      } catch (error) {
        report(error);
      }
    });
    return h("li", null, button);
  });
  replaceChildren(devList, h("h2", null, t("signInDevTitle")), buttons.length > 0 ? h("ul", null, buttons) : null, h("p", null, h("a", { href: "/dev/sign-in" }, t("signInDevLink"))));
}

export async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } catch (error) {
    if (!(error instanceof ApiError)) {
      report(error);
      return;
    }
  }
  state.me = null;
  state.selectedId = null;
  state.thread = null;
  await renderSignIn();
}
