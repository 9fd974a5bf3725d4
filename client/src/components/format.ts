import type { TFunction } from 'i18next';

/** The language's decimal separator ("," in German, "." in English). */
const decimalSeparator = (locale: string) =>
  new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';

/** "1.299,99" (German) or "1,299.99" (English) as "1299.99": group separators dropped, the decimal one a dot. */
function toPlainDecimal(text: string, locale: string): string {
  // "25.00" typed in German still means 25: a dot before one or two final digits is a decimal point.
  if (decimalSeparator(locale) !== ',' || (!text.includes(',') && /\.\d{1,2}$/.test(text))) return text.replace(/[,\u00a0\u202f']/g, '');
  return text.replace(/[.\u00a0\u202f']/g, '').replace(',', '.');
}

/**
 * A typed amount ("12.5", "12.50", "1,299.99"; in German "12,50", "1.299,99") as integer minor units, without floating point;
 * undefined for anything that is not a non-negative amount with at most `digits` decimals (the
 * currency's minor digits: 2 for USD, 0 for JPY, 3 for KWD).
 */
export function parseMoneyInput(text: string, digits = 2, locale = 'en'): number | undefined {
  const fraction = digits ? `(?:\\.(\\d{1,${digits}}))?` : '';
  const match = new RegExp(`^(\\d{1,9})${fraction}$`).exec(toPlainDecimal(text.trim(), locale));
  if (!match) return undefined;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
}

/** Minor units as a plain decimal for an input field ("1234" → "12.34"; with 0 digits, as JPY: "1234"; with 3, as KWD: "1.234"). */
export const toMoneyInput = (amount: number, digits = 2) =>
  digits === 0 ? String(amount) : `${Math.trunc(amount / 10 ** digits)}.${String(Math.abs(amount % 10 ** digits)).padStart(digits, '0')}`;

/** Who a gift-card line is for, as a cart or an order shows it (`day` writes the send day: `useFormat().day`). */
export function giftCardLine(giftCard: { recipientEmail: string; sendDate?: string }, t: TFunction, day: (d: string) => string): string {
  // An erased buyer's order keeps no recipient.
  const line = giftCard.recipientEmail ? t('giftCard.lineFor', { email: giftCard.recipientEmail }) : t('giftCard.line');
  return giftCard.sendDate ? t('giftCard.lineOn', { line, day: day(giftCard.sendDate) }) : line;
}
