import { currencyDigits } from '../markets/currency';
import type { Money } from './money.schemas';

const formatters = new Map<string, Intl.NumberFormat>();
function formatterFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
  return f;
}

/**
 * Money (integer minor units + ISO currency) as text for people, e.g. `{ amount: 1999, currency: 'USD' }`
 * → "$19.99". The one place money becomes a string. The currency's own number of minor digits is used
 * (USD cents, but JPY has none: 1999 JPY → "¥1,999"). Exact for any safe integer: no floating-point division.
 */
export function formatMoney(money: Money, locale = 'en-US'): string {
  const f = formatterFor(money.currency, locale);
  const digits = currencyDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const minor = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const major = digits ? `${minor.slice(0, -digits)}.${minor.slice(-digits)}` : minor;
  // Intl accepts decimal strings exactly (no rounding through a binary float).
  return f.format(`${sign}${major}` as Intl.StringNumericLiteral);
}
