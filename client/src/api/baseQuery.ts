import { fetchBaseQuery, retry, type BaseQueryFn, type FetchArgs, type FetchBaseQueryError } from '@reduxjs/toolkit/query/react';
import type { CsrfResponse, ErrorEnvelope } from '@bazaar/shared';
import { QUEUED_OFFLINE_HEADER } from '../pwa/protocol';
import { QUEUED_OFFLINE } from './errors';
import { reauthenticate } from './reauth';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Absolute, so the same code runs in the browser and under jsdom (Node's fetch needs a full URL). */
const API_BASE = `${globalThis.location?.origin ?? 'http://localhost'}/api/v1`;
/**
 * The session's CSRF token is also kept in sessionStorage (this tab, across reloads): a page opened
 * offline from the service worker can then still send a cart change for the worker to queue; the
 * token is readable by the page's script anyway (it comes from GET /auth/csrf).
 */
const CSRF_STORAGE_KEY = 'bazaar.csrf';
const storage = (() => {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // storage disabled: the token is fetched again after a reload
  }
})();
let csrfToken: string | undefined = storage?.getItem(CSRF_STORAGE_KEY) ?? undefined;
let csrfRequest: Promise<string> | undefined;

/** The session's CSRF token: fetched once, replaced whenever the server hands out a new one (at sign-in). */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
  if (token) storage?.setItem(CSRF_STORAGE_KEY, token);
  else storage?.removeItem(CSRF_STORAGE_KEY);
}
async function ensureCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  csrfRequest ??= fetch(`${API_BASE}/auth/csrf`, { credentials: 'same-origin' })
    .then((r) => r.json() as Promise<CsrfResponse>)
    .then((b) => (setCsrfToken(b.csrfToken), b.csrfToken))
    .finally(() => (csrfRequest = undefined));
  return csrfRequest;
}

const raw = fetchBaseQuery({ baseUrl: API_BASE, credentials: 'same-origin' });

/**
 * Every mutation carries the CSRF token (a stale one is refreshed and the request sent again);
 * a REAUTH_REQUIRED refusal opens the re-authentication dialog and, once confirmed, sends it again;
 * answers that carry a new token (sign-in) update it. Idempotent GETs are retried with backoff
 * on network errors only.
 */
const withCsrf: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = async (args, api, extra) => {
  const request: FetchArgs = typeof args === 'string' ? { url: args } : args;
  const method = (request.method ?? 'GET').toUpperCase();
  const send = async () => {
    const headers = new Headers(request.headers as HeadersInit | undefined);
    if (MUTATING.has(method)) {
      try {
        headers.set('X-CSRF-Token', await ensureCsrfToken());
      } catch (err) {
        // No token and no network: an ordinary network error (thrown, it would be retried like a GET).
        return { error: { status: 'FETCH_ERROR' as const, error: String(err) } };
      }
    }
    return raw({ ...request, headers }, api, extra);
  };
  const codeOf = (r: Awaited<ReturnType<typeof send>>) => (r.error?.data as Partial<ErrorEnvelope> | undefined)?.error?.code;
  let result = await send();
  if (codeOf(result) === 'CSRF_INVALID') {
    setCsrfToken(undefined);
    result = await send();
  }
  // A sensitive action on a session that must prove the password again: ask, then send it once more.
  if (codeOf(result) === 'REAUTH_REQUIRED' && (await reauthenticate())) result = await send();
  // Not done yet: the service worker queued it offline (202 + header). Callers treat it as "not applied".
  if (result.meta?.response?.headers.get(QUEUED_OFFLINE_HEADER))
    result = { error: { status: 'CUSTOM_ERROR', error: QUEUED_OFFLINE, data: result.data }, meta: result.meta };
  const token = (result.data as Partial<CsrfResponse> | undefined)?.csrfToken;
  if (token) setCsrfToken(token);
  if (result.error && method === 'GET' && result.error.status !== 'FETCH_ERROR') retry.fail(result.error);
  if (result.error && method !== 'GET') retry.fail(result.error);
  return result;
};

export const baseQuery = retry(withCsrf, { maxRetries: 3 });
