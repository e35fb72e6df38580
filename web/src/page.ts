// What every dashboard page is: a function that renders into <main> from the route's parameters.
// Its own module, so pages and the router (main.ts) both import it and neither imports the other.
export type PageRenderer = (main: HTMLElement, params: string[], query: URLSearchParams) => Promise<void> | void;
