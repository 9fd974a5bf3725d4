import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import type { ErrorEnvelope } from '@bazaar/shared';
import { i18n } from '../i18n';

export interface FriendlyError {
  code: string;
  message: string;
  /** Per-field messages for forms, keyed by the field path (`shippingAddress.postalCode`). */
  fields: Record<string, string>;
}

/** The service worker kept a cart change made offline, to send it when the connection returns. */
export const QUEUED_OFFLINE = 'QUEUED_OFFLINE';

/** Codes whose message is the client's own (in the shopper's language), not the server's. */
const OWN_MESSAGES = ['QUEUED_OFFLINE', 'FETCH_ERROR', 'TIMEOUT_ERROR', 'PARSING_ERROR', 'RATE_LIMITED', 'INTERNAL'] as const;
const ownMessage = (code: string) =>
  (OWN_MESSAGES as readonly string[]).includes(code) ? i18n.t(`errors.${code as (typeof OWN_MESSAGES)[number]}`) : undefined;

/** Turns any RTK Query error into one message for a toast and per-field messages for a form. */
export function toFriendlyError(error: unknown): FriendlyError {
  const e = error as FetchBaseQueryError | { message?: string } | undefined;
  if (e && 'status' in e) {
    if (typeof e.status === 'string') {
      const code = e.status === 'CUSTOM_ERROR' ? e.error : e.status;
      return { code, message: ownMessage(code) ?? i18n.t('errors.generic'), fields: {} };
    }
    const body = e.data as Partial<ErrorEnvelope> | undefined;
    if (body?.error) {
      const fields: Record<string, string> = {};
      for (const d of body.error.details ?? []) fields[d.path.replace(/^(body|query)\./, '')] ??= d.message;
      return { code: body.error.code, message: ownMessage(body.error.code) ?? body.error.message, fields };
    }
    return { code: String(e.status), message: i18n.t('errors.tryAgain'), fields: {} };
  }
  return { code: 'UNKNOWN', message: (e as { message?: string } | undefined)?.message ?? i18n.t('errors.generic'), fields: {} };
}

export const isQueuedOffline = (error: unknown) => toFriendlyError(error).code === QUEUED_OFFLINE;
