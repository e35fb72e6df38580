/** Moves to an in-app page; the router in main.ts renders it on the popstate it hears. */
export function go(href: string): void {
  history.pushState(null, "", href);
  window.dispatchEvent(new PopStateEvent("popstate"));
}
