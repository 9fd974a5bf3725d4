import type { ErrorEnvelope } from '@bazaar/shared';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `'GET /api/v1/cart'`: a method and an exact path (the query string is not part of the match). */
export type RouteKey = `${Method} /api/v1/${string}`;

/** A request the client sent, as a test reads it. */
export interface StubCall {
  method: string;
  path: string;
  /** The query string without `?` (`''` when there is none). */
  search: string;
  /** The parsed JSON body (undefined for none or non-JSON). */
  body: unknown;
  csrf: string | null;
  headers: Headers;
}

/** A body sent as JSON with 200, or a ready `Response` (e.g. from `reply`). */
export type StubAnswer = Response | { readonly [key: string]: unknown } | readonly unknown[] | string | number | boolean | null;
/** Per route: an answer, or a function of the request giving one. */
export type StubRoutes = { [K in RouteKey]?: StubAnswer | ((call: StubCall) => StubAnswer | Promise<StubAnswer>) };

/** A JSON response, for answers that are not a plain 200. */
export const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** The server's error envelope, as `reply` would send it. */
export const replyError = (status: number, error: Omit<ErrorEnvelope['error'], 'requestId'>) =>
  reply(status, { error: { requestId: 'test-request', ...error } } satisfies ErrorEnvelope);

export const CSRF_TOKEN = 'test-csrf-token';

/**
 * Replaces `fetch` (for the current test; test-setup unstubs it) with the API described by `routes`.
 * `GET /api/v1/auth/csrf` answers `CSRF_TOKEN` unless a route says otherwise; any other request answers
 * 404 in the error envelope. Returns every request made, in order, for assertions.
 */
export function stubApi(routes: StubRoutes): StubCall[] {
  const calls: StubCall[] = [];
  const all: StubRoutes = { 'GET /api/v1/auth/csrf': { csrfToken: CSRF_TOKEN }, ...routes };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
      const url = new URL(req.url, 'http://localhost');
      const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await req.clone().text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const call: StubCall = {
        method: req.method,
        path: url.pathname,
        search: url.search.replace(/^\?/, ''),
        body,
        csrf: req.headers.get('x-csrf-token'),
        headers: req.headers,
      };
      calls.push(call);
      const key = `${req.method} ${url.pathname}` as RouteKey;
      if (!(key in all)) return replyError(404, { code: 'NOT_FOUND', message: `No stub for ${key}` });
      const route = all[key];
      const answer = typeof route === 'function' ? await route(call) : route;
      // A Response given once may be answered many times: each request gets its own copy.
      return answer instanceof Response ? answer.clone() : reply(200, answer);
    }),
  );
  return calls;
}
