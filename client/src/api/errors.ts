import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import type { ErrorEnvelope } from '@bazaar/shared';

export interface FriendlyError {
  code: string;
  message: string;
  /** Per-field messages for forms, keyed by the field path (`shippingAddress.postalCode`). */
  fields: Record<string, string>;
}

/** The service worker kept a cart change made offline, to send it when the connection returns. */
export const QUEUED_OFFLINE = 'QUEUED_OFFLINE';

const FALLBACK: Record<string, string> = {
  [QUEUED_OFFLINE]: 'You are offline — we saved this cart change and will send it when you are back online.',
  FETCH_ERROR: 'You seem to be offline. Check your connection and try again.',
  TIMEOUT_ERROR: 'The shop took too long to answer. Please try again.',
  PARSING_ERROR: 'Something went wrong on our side. Please try again.',
  RATE_LIMITED: 'You are going a bit fast — please wait a moment and try again.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
};

/** Turns any RTK Query error into one message for a toast and per-field messages for a form. */
export function toFriendlyError(error: unknown): FriendlyError {
  const e = error as FetchBaseQueryError | { message?: string } | undefined;
  if (e && 'status' in e) {
    if (typeof e.status === 'string') {
      const code = e.status === 'CUSTOM_ERROR' ? e.error : e.status;
      return { code, message: FALLBACK[code] ?? 'Something went wrong.', fields: {} };
    }
    const body = e.data as Partial<ErrorEnvelope> | undefined;
    if (body?.error) {
      const fields: Record<string, string> = {};
      for (const d of body.error.details ?? []) fields[d.path.replace(/^(body|query)\./, '')] ??= d.message;
      return { code: body.error.code, message: FALLBACK[body.error.code] ?? body.error.message, fields };
    }
    return { code: String(e.status), message: 'Something went wrong. Please try again.', fields: {} };
  }
  return { code: 'UNKNOWN', message: (e as { message?: string } | undefined)?.message ?? 'Something went wrong.', fields: {} };
}

export const isQueuedOffline = (error: unknown) => toFriendlyError(error).code === QUEUED_OFFLINE;
