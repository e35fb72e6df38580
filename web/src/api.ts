// The TrustLedger REST API as the dashboard uses it: JSON in and out, RFC 9457 problems on error.
// A 404/405 that carries no `detail` comes from routing (the endpoint is not deployed on this
// host yet), not from the endpoint saying "no such thing": pages show "not available yet" for it.

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** The API answered with an error; `problem` is its problem details when it sent some. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(describe(status, problem));
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** The route itself does not exist on this host (an API version without that feature). */
export class NotAvailable extends Error {
  constructor(readonly path: string) {
    super(`${path} is not available on this server yet`);
  }
}

function describe(status: number, problem: Problem | null): string {
  if (!problem) return `The server answered ${status}.`;
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(", ")}`);
  return [problem.title ?? `Error ${status}`, problem.detail, ...fields].filter(Boolean).join(" — ");
}

type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let accessToken: string | null = null;

/** Bearer token for calls that act for the signed-in party (set after Sign-In with Ethereum). */
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  const text = await response.text();
  const json = text && (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = json && typeof json === "object" ? (json as Problem) : null;
    if ((response.status === 404 || response.status === 405) && !problem?.detail) throw new NotAvailable(path.split("?")[0]);
    throw new ApiError(response.status, problem);
  }
  return { data: json as T, headers: response.headers };
}

export const get = async <T>(path: string, query?: Query, signal?: AbortSignal) =>
  (await request<T>("GET", withQuery(path, query), undefined, signal)).data;

export const post = async <T>(path: string, body: unknown) => (await request<T>("POST", path, body)).data;

export const put = async <T>(path: string, body: unknown) => (await request<T>("PUT", path, body)).data;

/** Whether the host has a route at `path` for some method (405 means it exists for another). */
export async function routeExists(path: string): Promise<boolean> {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  if (response.status === 405) return true;
  if (response.status !== 404) return true;
  const problem = (await response.json().catch(() => null)) as Problem | null;
  return Boolean(problem?.detail);
}
