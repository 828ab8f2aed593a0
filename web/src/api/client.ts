// The page talks to the service only through its public API, typed from the committed OpenAPI
// spec (`npm run api-types`), so a contract change that breaks the page fails its type check.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

const KEY = "chain-atlas-key";

/** The reader or member key, for this browser tab only (never in a URL or localStorage). */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

function authHeaders(): Record<string, string> {
  const key = storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

const auth: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authHeaders())) request.headers.set(name, value);
    return request;
  },
};

// JSON answers: the files the API also produces are fetched by `download` below.
export const api = createClient<paths, "application/json">({ baseUrl: window.location.origin });
api.use(auth);

/** A failed call: the HTTP status and the problem document's detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    /** For 400 and 422: every field that broke a rule. */
    readonly errors: Schemas["FieldError"][] = [],
    /** For 409: the record the request clashes with. */
    readonly existingId: string | null = null,
  ) {
    super(detail);
  }
}

type Problem = { title?: string; detail?: string; errors?: Schemas["FieldError"][]; existing_id?: string | null };

/** The data of a call, or an `ApiError` (a 401 also asks for a key, see main.ts). */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  // A 204 (a deletion) has no data: success all the same.
  if (response.ok) return data as T;
  const problem = (error ?? {}) as Problem;
  const failure = new ApiError(
    response.status,
    problem.detail ?? problem.title ?? response.statusText,
    problem.errors ?? [],
    problem.existing_id ?? null,
  );
  if (response.status === 401) window.dispatchEvent(new CustomEvent("chain-atlas:unauthorised"));
  throw failure;
}

/**
 * Downloads a file the API produces (Excel or CSV) with the key in a header, which a plain link
 * could not send.
 */
export async function download(path: string, query: Record<string, string>, filename: string): Promise<void> {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, v);
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Problem;
    throw new ApiError(response.status, problem.detail ?? response.statusText);
  }
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
