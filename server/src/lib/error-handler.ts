import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorEnvelope } from '@bazaar/shared';
import { isDatabaseUnavailable } from '../db/db';
import { API_PREFIX } from './api-registry';
import { AppError, badRequest, notFound, serviceUnavailable } from './errors';
import { escapeHtml } from './html';
import type { Logger } from './logger';
import { loggedRequest } from './request-logger';

/** Errors raised by Express's own body parsers and by other libraries carry a status and a type. */
interface HttpLibraryError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  expose?: boolean;
}

/** How long a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

function fromLibraryError(err: HttpLibraryError): AppError | undefined {
  // Express's router could not decode a path parameter (`/products/%ZZ`): the URL is malformed.
  if (err instanceof URIError) return malformedPath();
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('BAD_REQUEST', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported.');
  }
  if (err.code === 'EBADCSRFTOKEN') return new AppError('CSRF_INVALID', 'The CSRF token is missing or invalid.');
  const status = err.status ?? err.statusCode;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'This content type is not supported.');
  if (status === 400 && err.expose) return new AppError('BAD_REQUEST', 'The request could not be read.');
  return undefined;
}

export const malformedPath = () => badRequest('The URL is malformed (an invalid percent-escape).');

/**
 * A path that does not percent-decode is a 400 for every route family (API, storefront pages,
 * uploads, assets), before any router or static handler sees it: Express's router would throw a
 * URIError from its parameter decoding, and the static handlers would answer 404.
 */
export const rejectMalformedPath: RequestHandler = (req, _res, next) => {
  const path = req.path;
  if (!path.includes('%')) return next();
  try {
    decodeURIComponent(path);
  } catch {
    return next(malformedPath());
  }
  next();
};

/**
 * The one mapping from an error to the code it is answered with: typed errors as they are,
 * library errors by their status and type, an unreachable database (or a statement that failed
 * because its connection did) as 503 with Retry-After; anything else is unknown (500).
 */
export function knownError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err))
    return serviceUnavailable('The database is unavailable right now; please try again shortly.', DATABASE_RETRY_AFTER_SECONDS);
  return fromLibraryError((err ?? {}) as HttpLibraryError);
}

const PAGE_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  503: 'Temporarily unavailable',
};

/** The shop's error page, for a browser asking for a page outside the API. */
function errorPage(error: AppError, requestId: string): string {
  const title = PAGE_TITLES[error.status] ?? (error.status >= 500 ? 'Something went wrong' : 'Request not possible');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} | Bazaar</title></head>
<body>
<main>
<h1>${title}</h1>
<p>${escapeHtml(error.message)}</p>
<p><a href="/">Back to the shop</a></p>
<p><small>Reference: ${escapeHtml(requestId)}</small></p>
</main>
</body>
</html>
`;
}

/** Unknown paths get the same envelope as every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`${req.method} ${req.path}`));
};

/**
 * The one place errors become HTTP answers (`knownError` decides the code). Typed errors keep their
 * code and message; anything else is a 500 INTERNAL with a generic message (the stack goes to the log, and to the response
 * only in development).
 */
export function errorHandler(logger: Logger, exposeStack: boolean): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = knownError(err);
    const requestId = String(req.id ?? res.getHeader('X-Request-Id') ?? '');
    if (!known) logger.error({ err, req: loggedRequest(req) }, 'unhandled error');
    else if (known.status >= 500) logger.warn({ err: known, req: loggedRequest(req) }, known.message);

    const error: AppError = known ?? new AppError('INTERNAL', 'Something went wrong on our side. Please try again.');
    const body: ErrorEnvelope & { error: { stack?: string } } = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
        requestId,
        ...(!known && exposeStack && err instanceof Error ? { stack: err.stack } : {}),
      },
    };
    if (error.headers) res.set(error.headers);
    res.status(error.status);
    // Outside the API a browser asking for a page gets a page; everything else gets the envelope.
    const wantsPage = !req.originalUrl.startsWith(`${API_PREFIX}/`) && req.accepts(['json', 'html']) === 'html';
    if (wantsPage) res.type('html').send(errorPage(error, requestId));
    else res.json(body);
  };
}
