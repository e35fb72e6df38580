// Small DOM helpers: elements are built with textContent only (never innerHTML with data), so
// names and comments from the chain cannot inject markup. A `style` attribute is applied through
// the CSSOM (element.style), which the page's Content-Security-Policy allows where inline style
// attributes are refused.
import { NotAvailable } from "./api";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else if (name === "style") el.style.cssText = String(value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** An in-app link: the router intercepts clicks on [data-nav]. */
export const link = (href: string, ...children: Child[]) => h("a", { href, "data-nav": true }, ...children);

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** An address shown short, full text for screen readers and on hover, linked to its supplier page. */
export function addressLink(address: string, name?: string | null): HTMLElement {
  const label = name || shortAddress(address);
  return h("a", { href: `/supplier/${address}`, "data-nav": true, title: address, class: "addr", "aria-label": name ? `${name} (${address})` : address }, label);
}

export function notice(kind: "info" | "error" | "empty" | "unavailable", ...children: Child[]): HTMLElement {
  const role = kind === "error" ? "alert" : "status";
  return h("div", { class: `notice notice-${kind}`, role }, ...children);
}

/** The message a page shows for a failed call: "not available yet" for a missing route. */
export function failure(error: unknown, what: string): HTMLElement {
  if (error instanceof NotAvailable) {
    return notice("unavailable", h("strong", {}, `${what}: not available yet. `), `This server does not offer ${error.path} yet.`);
  }
  return notice("error", h("strong", {}, `${what} failed. `), error instanceof Error ? error.message : String(error));
}

export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function formatTime(unixSeconds: number | null): string {
  if (!unixSeconds) return "—";
  return new Date(unixSeconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintEl = hint ? h("small", { id: `${id}-hint`, class: "hint" }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

export function isAddress(text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text.trim());
}

/** Copies each column's header onto its cells, so the stacked phone layout keeps the labels. */
/** Wrapped so a wide table scrolls inside its card instead of spilling out of it. */
export function labelCells(table: HTMLTableElement): HTMLElement {
  const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, i) => headers[i] && cell.setAttribute("data-label", headers[i]));
  }
  return h("div", { class: "table-wrap" }, table);
}

/** Offers `data` as a JSON file download (a credential the user keeps). */
export function saveJson(filename: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
