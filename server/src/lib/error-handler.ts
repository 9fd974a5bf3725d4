import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorEnvelope } from '@bazaar/shared';
import { AppError, notFound } from './errors';
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

function fromLibraryError(err: HttpLibraryError): AppError | undefined {
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

/** Unknown paths get the same envelope as every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`${req.method} ${req.path}`));
};

/**
 * The one place errors become HTTP answers. Typed errors keep their code and message; anything
 * else is a 500 INTERNAL with a generic message (the stack goes to the log, and to the response
 * only in development).
 */
export function errorHandler(logger: Logger, exposeStack: boolean): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof AppError ? err : fromLibraryError((err ?? {}) as HttpLibraryError);
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
    res.status(error.status).json(body);
  };
}
