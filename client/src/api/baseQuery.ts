import { fetchBaseQuery, retry, type BaseQueryFn, type FetchArgs, type FetchBaseQueryError } from '@reduxjs/toolkit/query/react';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Absolute, so the same code runs in the browser and under jsdom (Node's fetch needs a full URL). */
const API_BASE = `${globalThis.location?.origin ?? 'http://localhost'}/api/v1`;
let csrfToken: string | undefined;
let csrfRequest: Promise<string> | undefined;

/** The session's CSRF token: fetched once, replaced whenever the server hands out a new one (at sign-in). */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}
async function ensureCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  csrfRequest ??= fetch(`${API_BASE}/auth/csrf`, { credentials: 'same-origin' })
    .then((r) => r.json() as Promise<{ csrfToken: string }>)
    .then((b) => (csrfToken = b.csrfToken))
    .finally(() => (csrfRequest = undefined));
  return csrfRequest;
}

const raw = fetchBaseQuery({ baseUrl: API_BASE, credentials: 'same-origin' });

/**
 * Every mutation carries the CSRF token (a stale one is refreshed and the request sent again);
 * answers that carry a new token (sign-in) update it. Idempotent GETs are retried with backoff
 * on network errors only.
 */
const withCsrf: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = async (args, api, extra) => {
  const request: FetchArgs = typeof args === 'string' ? { url: args } : args;
  const method = (request.method ?? 'GET').toUpperCase();
  const send = async () => {
    const headers = new Headers(request.headers as HeadersInit | undefined);
    if (MUTATING.has(method)) headers.set('X-CSRF-Token', await ensureCsrfToken());
    return raw({ ...request, headers }, api, extra);
  };
  let result = await send();
  const code = (result.error?.data as { error?: { code?: string } } | undefined)?.error?.code;
  if (code === 'CSRF_INVALID') {
    csrfToken = undefined;
    result = await send();
  }
  const token = (result.data as { csrfToken?: string } | undefined)?.csrfToken;
  if (token) csrfToken = token;
  if (result.error && method === 'GET' && result.error.status !== 'FETCH_ERROR') retry.fail(result.error);
  if (result.error && method !== 'GET') retry.fail(result.error);
  return result;
};

export const baseQuery = retry(withCsrf, { maxRetries: 3 });
