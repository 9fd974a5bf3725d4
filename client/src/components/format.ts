import type { TFunction } from 'i18next';

/**
 * A typed amount ("12.5", "12.50", "1,299.99") as integer minor units, without floating point;
 * undefined for anything that is not a non-negative amount with at most `digits` decimals (the
 * currency's minor digits: 2 for USD, 0 for JPY, 3 for KWD).
 */
export function parseMoneyInput(text: string, digits = 2): number | undefined {
  const fraction = digits ? `(?:\\.(\\d{1,${digits}}))?` : '';
  const match = new RegExp(`^(\\d{1,9})${fraction}$`).exec(text.trim().replace(/,/g, ''));
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
