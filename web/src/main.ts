// The dashboard's entry: a small history router over the pages, and the wallet control in the header.
import "./styles.css";
import { clear, h, shortAddress } from "./ui";
import { connect, hasWallet, onWalletChange, signIn, walletState } from "./wallet";
import { NotAvailable } from "./api";
import { go, leavePage } from "./nav";
import { lookupPage } from "./pages/lookup";
import { supplierPage } from "./pages/supplier";
import { networkPage } from "./pages/network";
import { endorsePage } from "./pages/endorse";
import { rewardsPage } from "./pages/rewards";
import type { PageRenderer } from "./page";

const routes: [RegExp, PageRenderer, string][] = [
  [/^\/$/, lookupPage, "Look up a supplier"],
  [/^\/supplier\/(0x[0-9a-fA-F]{40})$/, supplierPage, "Supplier"],
  [/^\/network(?:\/(0x[0-9a-fA-F]{40}))?$/, networkPage, "Trust network"],
  [/^\/endorse$/, endorsePage, "Endorse a partner"],
  [/^\/rewards(?:\/(0x[0-9a-fA-F]{40}))?$/, rewardsPage, "Rewards"],
];

const main = document.getElementById("main") as HTMLElement;
let navigation = 0;

async function render(): Promise<void> {
  const current = ++navigation;
  leavePage();
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const match = routes.find(([pattern]) => pattern.test(path));
  for (const a of document.querySelectorAll<HTMLAnchorElement>("header nav a")) {
    const target = a.getAttribute("href") ?? "";
    if (target === "/" ? path === "/" || path.startsWith("/supplier") : path.startsWith(target)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  clear(main);
  if (!match) {
    document.title = "Not found · TrustLedger";
    clear(main, h("h1", {}, "Page not found"), h("p", {}, "There is no page at this address. ", h("a", { href: "/", "data-nav": true }, "Look up a supplier")));
    return;
  }
  const [pattern, page, title] = match;
  document.title = `${title} · TrustLedger`;
  const params = (pattern.exec(path) ?? []).slice(1).filter(Boolean);
  try {
    await page(main, params, new URLSearchParams(location.search));
  } catch (error) {
    if (current !== navigation) return;
    const text = error instanceof NotAvailable ? error.message : (error as Error).message;
    main.append(h("div", { class: "notice notice-error", role: "alert" }, text));
  }
}

// After an in-app move, focus goes to the new page's heading so screen readers announce it.
window.addEventListener("app:navigate", () => void render().then(() => main.querySelector("h1")?.focus()));

document.addEventListener("click", (event) => {
  const a = (event.target as Element).closest?.("a[data-nav]") as HTMLAnchorElement | null;
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  go(a.getAttribute("href") ?? "/");
});
window.addEventListener("popstate", () => void render());

function renderWallet(): void {
  const slot = document.getElementById("wallet-slot") as HTMLElement;
  const s = walletState();
  const status = h("span", { class: "wallet-status", role: "status" });
  if (!hasWallet()) {
    clear(slot, h("span", { class: "muted" }, "No wallet: read-only"));
    return;
  }
  if (!s.address) {
    const button = h("button", { type: "button", class: "btn" }, "Connect wallet");
    button.addEventListener("click", () => connect().catch((e: Error) => (status.textContent = e.message)));
    clear(slot, button, status);
    return;
  }
  const badge = h("span", { class: "wallet-address", title: s.address, "data-testid": "wallet-address" }, shortAddress(s.address));
  if (s.signedIn) {
    clear(slot, badge, h("span", { class: "pill pill-ok" }, "Signed in"));
    return;
  }
  const button = h("button", { type: "button", class: "btn btn-quiet" }, "Sign in");
  button.addEventListener("click", () =>
    signIn().catch((e: Error) => (status.textContent = e instanceof NotAvailable ? "Sign-in is not available on this server yet" : e.message)),
  );
  clear(slot, badge, button, status);
}

onWalletChange(renderWallet);
renderWallet();
void render();
