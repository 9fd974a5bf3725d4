import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

type HeaderMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The headers a middleware sets when they are the same for every request (helmet's, with a
 * CSP that has no per-request nonce), worked out once by running it against a recording response,
 * then set on each response with one loop. helmet rebuilds and re-validates the same header values
 * on every request otherwise (~0.09 ms per request in the load test's profile).
 *
 * Only for middlewares that read nothing of the request and only set or remove headers: any other
 * call on the response, or a middleware that does not finish synchronously, throws at startup.
 */
export function fixedHeaders(middleware: HeaderMiddleware): RequestHandler {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  const forbidden = () => {
    throw new Error('fixedHeaders: the middleware read the request; its headers are not fixed');
  };
  const request = new Proxy({}, { get: forbidden, has: forbidden });
  let finished = false;
  middleware(request as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('fixedHeaders: the middleware did not call next synchronously');

  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
