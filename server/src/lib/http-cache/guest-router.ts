import { Router, type Request, type RequestHandler } from 'express';
import type { ApiRegistry, RouteRecord } from '../api-registry';
import { parseRequestParts, type Validated } from '../validate';
import { SerializedJson } from './serialized-json';

declare module 'express-serve-static-core' {
  interface Request {
    /** The route pattern a request was answered by when the API router did not see it (metrics label). */
    matchedRoute?: string;
  }
}

/** Distinct URLs whose validated input is kept per route; past it the memory starts over. */
const MAX_REMEMBERED_INPUTS = 1000;

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
const firstSegment = (path: string) => path.split('/')[1] ?? '';

/**
 * The cached public reads (product lists and details, suggestions: routes declared with
 * `guestFastPath`) for visitors without a session, answered before the session middleware, the
 * body parsers and the API router. Those steps do nothing for such a request but cost more than
 * the answer itself: at 0.7 ms of CPU per cached list request, the router walking ~150 routes,
 * the session and body checks and `compression`'s per-response wrapping were most of it. The body
 * goes out through `SerializedJson.of`: serialised and compressed once per answer object the
 * service hands out again, not per response.
 *
 * An Express Router of its own (mount it under the API prefix), holding the registry's GET routes
 * that share a first path segment with a fast-path route, in registration order: a fast-path route
 * answers a guest's request, any other one that matches first sends the request on its usual way
 * (`next('router')`), so Express's own matching decides, as in the API router. The answer is the
 * one the route would give: the same handler with the same validated input (no `req.user`: there
 * is no session to have one), errors through the same error handler. A request with a session
 * cookie or a body goes the usual way. Security headers, the request log and metrics run before
 * this, as for any request.
 */
export function guestRouter(registry: ApiRegistry, isGuest: (req: Request) => boolean): RequestHandler {
  let router: Router | undefined;
  // Built on first use, when every route is registered.
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    (router ??= build(registry, isGuest))(req, res, next);
  };
}

function build(registry: ApiRegistry, isGuest: (req: Request) => boolean): Router {
  const router = Router({ caseSensitive: false, strict: false });
  const fastRoutes = registry.routes.filter((r) => r.definition.guestFastPath);
  const segments = new Set(fastRoutes.map((r) => firstSegment(r.path).toLowerCase()));
  const leave: RequestHandler = (_req, _res, next) => next('router');
  const onlyGuests: RequestHandler = (req, _res, next) => (hasBody(req) || !isGuest(req) ? next('router') : next());
  for (const record of registry.routes) {
    if (record.method !== 'get' || record.definition.root) continue;
    const first = firstSegment(record.path);
    if (!first.startsWith(':') && !segments.has(first.toLowerCase())) continue;
    if (record.definition.guestFastPath) router.get(record.path, onlyGuests, answer(record));
    else router.get(record.path, leave);
  }
  return router;
}

/**
 * Validated input by URL: a popular page is requested again and again, and the same input object
 * lets the services recognise it (the catalog keeps its cache key per query object). Handlers
 * never modify their input.
 */
function answer(record: RouteRecord): RequestHandler {
  const def = record.definition;
  const inputs = new Map<string, Validated>();
  return (req, res, next) => {
    let validated = inputs.get(req.originalUrl);
    if (!validated) {
      const parsed = parseRequestParts(def.request ?? {}, { params: req.params, query: req.query, body: undefined });
      if ('error' in parsed) return next(parsed.error);
      validated = parsed.validated;
      if (inputs.size >= MAX_REMEMBERED_INPUTS) inputs.clear();
      inputs.set(req.originalUrl, validated);
    }
    req.matchedRoute = record.fullPath;
    req.validated = validated;
    Promise.resolve(def.handler(validated as never, req, res))
      .then((result) => {
        if (res.headersSent) return;
        if (result === undefined) return void res.status(204).end();
        return SerializedJson.of(result).send(req, res, def.status ?? 200);
      })
      .catch(next);
  };
}
