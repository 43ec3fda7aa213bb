// Building DOM without HTML strings: text always goes through text nodes, attributes through setAttribute.
// No innerHTML, insertAdjacentHTML or document.write anywhere in this page (the CSP also requires Trusted Types).

export type Child = Node | string | number | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** An element with attributes (null/undefined/false are left out, true is an empty attribute) and children as text or nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (/^on/i.test(name)) {
        throw new Error(`Event handler attributes are not allowed: ${name}`);
      }
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent` (text stays text). */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The URL when it is absolute http(s), otherwise null: no javascript:, data:, blob:, file: or relative addresses from data. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
}

/** A link that opens outside the page, without giving it our window or our address. */
export function externalLink(href: string, ...children: (Child | Child[])[]): HTMLAnchorElement {
  return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, ...children);
}

export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, testId: string): T | null {
  return root.querySelector<T>(`[data-testid="${testId}"]`);
}
