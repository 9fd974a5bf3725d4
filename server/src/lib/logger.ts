import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Credentials never reach a log line: the redact list covers the
 * places secrets travel (auth headers, cookies, password and token fields).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'bazaar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'req.headers["stripe-signature"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.token',
          '*.secret',
          '*.csrfToken',
          '*.accessToken',
          '*.clientSecret',
          '*.recoveryCode',
          '*.recoveryCodes',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Query parameters whose values are safe to log (filters, paging); every other value is masked. */
const LOGGABLE_QUERY_PARAMS = new Set([
  'page',
  'limit',
  'sort',
  'category',
  'brand',
  'tag',
  'price_min',
  'price_max',
  'in_stock',
  'rating',
  'status',
  'payment_status',
  'from',
  'to',
  'country',
  'role',
  'event',
  'user_id',
]);

/**
 * A URL as it may appear in a log: the path, and the query with the values of anything but known
 * filters masked. Tokens travel in query strings (emailed links, order links) and search text or
 * an email filter can be personal data.
 */
export function loggableUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const shown = [...params].map(
    ([k, v]) => `${encodeURIComponent(k)}=${LOGGABLE_QUERY_PARAMS.has(k) ? encodeURIComponent(v) : '[redacted]'}`,
  );
  return `${url.slice(0, q)}?${shown.join('&')}`;
}

/** A request as log lines show it, with the URL made loggable (the parsed query is left out: it repeats the URL). */
export const logRequest = (req: {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: unknown;
  remoteAddress?: string;
  remotePort?: number;
}) => ({
  id: req.id,
  method: req.method,
  url: loggableUrl(req.url),
  headers: req.headers,
  remoteAddress: req.remoteAddress,
  remotePort: req.remotePort,
});

/**
 * SQL for a log line with every quoted literal replaced by '?': the statement's shape stays,
 * values (emails, session ids, tokens in queued emails) do not reach the log.
 */
export const maskSqlLiterals = (sql: string) => sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "'?'");
