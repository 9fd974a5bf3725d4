import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { validationFailed, type AppError } from './errors';

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

export interface Validated {
  params: unknown;
  query: unknown;
  body: unknown;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The parsed, typed request parts; set by `validate()`. */
    validated: Validated;
  }
}

/** Turns zod issues into the error envelope's `details` (`items.0.quantity`). */
export function zodDetails(error: z.ZodError, prefix?: string) {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/**
 * Parses params, query and body with their schemas: the validated parts, or every failure across
 * all three as a 400 VALIDATION_FAILED with per-field details.
 */
export function parseRequestParts(schemas: RequestSchemas, parts: Validated): { validated: Validated } | { error: AppError } {
  const validated: Validated = { ...parts };
  const details: { path: string; message: string }[] = [];
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (!schema) continue;
    const input = part === 'body' && parts.body === undefined ? {} : parts[part];
    const result = schema.safeParse(input);
    if (result.success) validated[part] = result.data;
    else details.push(...zodDetails(result.error, part === 'body' ? undefined : part));
  }
  return details.length ? { error: validationFailed(details) } : { validated };
}

/** The route middleware: `req.validated` for the handler, or the 400 to the error handler. */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    const parsed = parseRequestParts(schemas, { params: req.params, query: req.query, body: req.body });
    if ('error' in parsed) return next(parsed.error);
    req.validated = parsed.validated;
    next();
  };
}
