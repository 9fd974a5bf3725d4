import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '@bazaar/shared';

/**
 * The one error type services throw. The code is from the closed set in `@bazaar/shared`
 * and decides the HTTP status; the error handler maps it in one place.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const validationFailed = (details: ErrorDetail[], message = 'The request is not valid.') =>
  new AppError('VALIDATION_FAILED', message, details);
export const badRequest = (message: string) => new AppError('BAD_REQUEST', message);
export const notFound = (what = 'The resource') => new AppError('NOT_FOUND', `${what} was not found.`);
export const conflict = (message: string, details?: ErrorDetail[]) => new AppError('CONFLICT', message, details);
export const unauthenticated = (message = 'Please sign in.') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You do not have permission to do this.') => new AppError('FORBIDDEN', message);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', 'Too many requests; try again later.', undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const paymentFailed = (message: string) => new AppError('PAYMENT_FAILED', message);
export const serviceUnavailable = (message: string, retryAfterSeconds?: number) =>
  new AppError('SERVICE_UNAVAILABLE', message, undefined, retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : undefined);
