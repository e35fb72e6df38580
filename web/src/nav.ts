// In-app navigation: pages call go(); the router in main.ts renders on "app:navigate" (and on
// the browser's back/forward). A page registers with onLeave() what to undo when it is left.

const leaveHandlers: (() => void)[] = [];

export function go(href: string): void {
  history.pushState(null, "", href);
  window.dispatchEvent(new Event("app:navigate"));
}

export function onLeave(handler: () => void): void {
  leaveHandlers.push(handler);
}

/** Runs (and forgets) the current page's leave handlers; the router calls it before each render. */
export function leavePage(): void {
  while (leaveHandlers.length) leaveHandlers.pop()!();
}
