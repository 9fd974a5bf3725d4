import type { Request, RequestHandler } from 'express';
import { API_PREFIX, type ApiRegistry, type RouteRecord } from './api-registry';
import { SerializedJson } from './serialized-json';
import { parseRequestParts, type Validated } from './validate';

declare module 'express-serve-static-core' {
  interface Request {
    /** The route pattern a request was answered by when Express's router did not see it (metrics label). */
    matchedRoute?: string;
  }
}

type Segment = string | { param: string };

interface GuestRoute {
  record: RouteRecord;
  segments: Segment[];
  /** GET routes registered before this one with the same number of segments: Express would try them first. */
  earlier: Segment[][];
  /**
   * Validated input by URL: a popular page is requested again and again, and the same input object
   * lets the services recognise it (the catalog keeps its cache key per query object).
   * Handlers never modify their input.
   */
  inputs: Map<string, Validated>;
}

/** Distinct URLs whose validated input is kept per route; past it the memory starts over. */
const MAX_REMEMBERED_INPUTS = 1000;

const segmentsOf = (path: string): Segment[] =>
  path
    .split('/')
    .slice(1)
    .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s));

/** Express's own rules, as far as they matter here: static segments case-insensitive, params non-empty. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (typeof segment === 'string') {
      if (segment !== part && segment.toLowerCase() !== part.toLowerCase()) return undefined;
    } else {
      if (!part) return undefined;
      try {
        params[segment.param] = decodeURIComponent(part);
      } catch {
        return undefined; // a malformed escape: Express's router answers it (400)
      }
    }
  }
  return params;
}

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * The cached public reads (product lists and details, suggestions: routes declared with
 * `guestFastPath`) for visitors without a session, answered before the session middleware, the
 * body parsers and the API router. Those steps do nothing for such a request but cost more than
 * the answer itself: at 0.7 ms of CPU per cached list request, the router walking ~150 routes,
 * the session and body checks and `compression`'s per-response wrapping were most of it. The body
 * goes out as `SerializedJson.send` sends it: compressed once per distinct body, not per response.
 *
 * The answer is the one the route would give: the same handler with the same validated input
 * (no `req.user`: there is no session to have one), errors through the same error handler. A
 * request with a session cookie or a body, or that an earlier-registered route would take, goes
 * the usual way. Security headers, the request log and metrics run before this, as for any request.
 */
export function guestReads(registry: ApiRegistry, isGuest: (req: Request) => boolean): RequestHandler {
  let byFirstSegment: Map<string, GuestRoute[]> | undefined;
  // Built on first use, when every route is registered.
  const table = () => {
    if (byFirstSegment) return byFirstSegment;
    byFirstSegment = new Map();
    registry.routes.forEach((record, i) => {
      if (!record.definition.guestFastPath) return;
      const segments = segmentsOf(record.path);
      const earlier = registry.routes
        .slice(0, i)
        .filter((r) => r.method === 'get' && !r.definition.root && segmentsOf(r.path).length === segments.length)
        .map((r) => segmentsOf(r.path));
      const first = typeof segments[0] === 'string' ? segments[0].toLowerCase() : '';
      byFirstSegment!.set(first, [...(byFirstSegment!.get(first) ?? []), { record, segments, earlier, inputs: new Map() }]);
    });
    return byFirstSegment;
  };
  const prefix = `${API_PREFIX}/`;

  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url.startsWith(prefix)) return next();
    const queryAt = req.url.indexOf('?');
    const parts = (queryAt === -1 ? req.url : req.url.slice(0, queryAt)).slice(prefix.length).split('/');
    const candidates = table().get(parts[0]!.toLowerCase());
    if (!candidates || hasBody(req) || !isGuest(req)) return next();
    for (const route of candidates) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.earlier.some((segments) => matchSegments(segments, parts))) return next();
      const def = route.record.definition;
      let validated = route.inputs.get(req.url);
      if (!validated) {
        const parsed = parseRequestParts(def.request ?? {}, { params, query: req.query, body: undefined });
        if ('error' in parsed) return next(parsed.error);
        validated = parsed.validated;
        if (route.inputs.size >= MAX_REMEMBERED_INPUTS) route.inputs.clear();
        route.inputs.set(req.url, validated);
      }
      req.matchedRoute = route.record.fullPath;
      req.validated = validated;
      Promise.resolve(def.handler(validated as never, req, res))
        .then((result) => {
          if (res.headersSent) return;
          if (result === undefined) return void res.status(204).end();
          return (result instanceof SerializedJson ? result : new SerializedJson(result)).send(req, res, def.status ?? 200);
        })
        .catch(next);
      return;
    }
    next();
  };
}
