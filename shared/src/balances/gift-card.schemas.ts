import { z } from 'zod';
import { Email } from '../auth/auth.schemas';
import { formatMoney } from '../common/money.format';

/** How long the sender's message may be, in characters. */
export const GIFT_CARD_MESSAGE_MAX = 500;
/** How far ahead a bought gift card may be scheduled. */
export const GIFT_CARD_SEND_DAYS_AHEAD = 365;

/** The most a chosen-amount gift card may be set up for, in minor units. */
export const GIFT_CARD_AMOUNT_MAX = 1_000_000;

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date, `YYYY-MM-DD`, that exists (no 2026-02-30). */
export const CalendarDate = z
  .string()
  .regex(DATE_RE, 'A date like 2026-12-24')
  .refine((v) => new Date(`${v}T00:00:00.000Z`).toISOString().slice(0, 10) === v, 'Not a date');

/**
 * The amounts a shopper may choose from for a "chosen amount" gift card, in minor units, both
 * inclusive (staff set them in the product editor). A product without one sells fixed amounts.
 */
export const ChosenAmountRange = z
  .object({
    min: z.number().int('A whole number of minor units').min(1, 'At least 1'),
    max: z.number().int('A whole number of minor units').max(GIFT_CARD_AMOUNT_MAX, `At most ${GIFT_CARD_AMOUNT_MAX}`),
  })
  .strict()
  .refine((r) => r.min <= r.max, { path: ['max'], message: 'At least the minimum' })
  .meta({ id: 'ChosenAmountRange' });
export type ChosenAmountRange = z.infer<typeof ChosenAmountRange>;

/** A range from its two stored bounds (database rows give BIGINTs as strings); null unless both are set. */
export const chosenAmountRange = (min: number | string | null, max: number | string | null): ChosenAmountRange | null =>
  min !== null && max !== null ? { min: Number(min), max: Number(max) } : null;

/**
 * The amount a shopper chose for a chosen-amount gift card, judged against its product's range:
 * the storefront checks the typed amount with it and the server the amount it is sent.
 */
export const chosenAmountSchema = (range: ChosenAmountRange, currency: string) =>
  z
    .number({ error: 'Enter an amount' })
    .int('A whole number of minor units')
    .min(range.min, `At least ${formatMoney({ amount: range.min, currency })}`)
    .max(range.max, `At most ${formatMoney({ amount: range.max, currency })}`);

/**
 * Who a bought gift card is for, given with each gift-card line of the cart. The code goes to
 * `recipientEmail` on `sendDate` (or as soon as the order is paid), with the sender's message.
 * For a chosen-amount card, `amount` is the card's value (minor units, within the product's range);
 * a fixed-amount card takes its variant's price and no `amount`.
 */
export const GiftCardRecipientInput = z
  .object({
    recipientEmail: Email,
    recipientName: z.string().trim().max(100).optional(),
    message: z.string().trim().max(GIFT_CARD_MESSAGE_MAX, `At most ${GIFT_CARD_MESSAGE_MAX} characters`).optional(),
    /** The day the code is emailed (UTC); from today up to a year ahead. Left out: when the order is paid. */
    sendDate: CalendarDate.optional(),
    amount: z.number().int('A whole number of minor units').min(1).max(GIFT_CARD_AMOUNT_MAX).optional(),
  })
  .strict()
  .meta({ id: 'GiftCardRecipientInput' });
export type GiftCardRecipientInput = z.input<typeof GiftCardRecipientInput>;

/** A gift card's recipient as the API answers it (cart and order lines). */
export const GiftCardRecipient = z
  .object({
    recipientEmail: z.string(),
    recipientName: z.string().optional(),
    message: z.string().optional(),
    sendDate: z.string().optional(),
  })
  .meta({ id: 'GiftCardRecipient' });
export type GiftCardRecipient = z.infer<typeof GiftCardRecipient>;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => dayOf(new Date(new Date(`${day}T00:00:00.000Z`).getTime() + days * DAY_MS));

/**
 * The send dates a shopper may choose at `now`: today up to GIFT_CARD_SEND_DAYS_AHEAD days ahead.
 * "Today" is the shopper's own: the earliest allowed is yesterday in UTC, for time zones behind it.
 */
export function giftCardSendDateRange(now: Date): { min: string; max: string } {
  const today = dayOf(now);
  return { min: addDays(today, -1), max: addDays(today, GIFT_CARD_SEND_DAYS_AHEAD) };
}

/** Why `sendDate` cannot be chosen at `now`, or undefined when it can. */
export function giftCardSendDateProblem(sendDate: string, now: Date): string | undefined {
  const { min, max } = giftCardSendDateRange(now);
  if (sendDate < min) return 'Choose today or a later day';
  if (sendDate > max) return `Choose a day within ${GIFT_CARD_SEND_DAYS_AHEAD} days`;
  return undefined;
}

/** When a card for `sendDate` is emailed: the start of that day (UTC), or `now` if that has passed or no day was chosen. */
export function giftCardSendAt(sendDate: string | undefined, now: Date): Date {
  const at = sendDate ? new Date(`${sendDate}T00:00:00.000Z`) : now;
  return at > now ? at : now;
}
