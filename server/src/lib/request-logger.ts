import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from './logger';
import { logRequest } from './logger';

declare module 'node:http' {
  interface IncomingMessage {
    /** This request's id: the caller's X-Request-Id when it is a safe token, else a fresh UUID. */
    id?: string;
  }
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

type Level = 'error' | 'info' | 'debug';

/** The request as a log line shows it (no secrets: the logger redacts headers, loggableUrl masks the query). */
export const loggedRequest = (req: IncomingMessage & { originalUrl?: string }) =>
  logRequest({
    id: req.id,
    method: req.method,
    url: req.originalUrl ?? req.url,
    headers: req.headers,
    remoteAddress: req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  });

const levelOf = (res: ServerResponse, err: unknown): Level =>
  err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';

/**
 * One structured line per finished request ("request completed", or "request errored" for a 5xx),
 * in the shape pino-http writes (req, res, responseTime), and an X-Request-Id on every answer.
 *
 * Why not pino-http: it builds a child logger with the serialised, redacted request when each
 * request starts, although at `info` a successful request writes nothing; that was the costliest
 * middleware on the cached read paths. Here the request is serialised only when a line is written,
 * and a request whose level is off costs an id, a header and one listener.
 */
export function requestLogger(logger: Logger, options: { ignore?: (req: IncomingMessage) => boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (options.ignore?.(req)) return next();

    const startedAt = Date.now();
    const done = (err?: unknown) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      const level = levelOf(res, err);
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        req: loggedRequest(req),
        res: { statusCode: res.statusCode, headers: res.getHeaders() },
        responseTime: Date.now() - startedAt,
      };
      if (err || res.statusCode >= 500) {
        logger[level]({ ...line, err: err ?? new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
      } else {
        logger[level](line, 'request completed');
      }
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
    next();
  };
}
