import { z } from 'zod';
import { Email } from '../auth/auth.schemas';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';

/** Store credit and gift cards share one ledger: every credit and debit, with what it was for. */
/** `released`: an unpaid order that ended gave back what it had taken. */
export const BalanceEntryReason = z.enum(['issued', 'adjustment', 'spent', 'refund', 'released']);
export const BalanceEntry = z.object({
  delta: Money,
  balanceAfter: Money,
  reason: BalanceEntryReason,
  reference: z.object({ type: z.string(), id: z.string() }).nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type BalanceEntry = z.infer<typeof BalanceEntry>;

export const StoreCredit = z.object({ balance: Money, entries: z.array(BalanceEntry) }).meta({ id: 'StoreCredit' });
export type StoreCredit = z.infer<typeof StoreCredit>;

/** A staff credit (positive) or debit (negative) of a customer's store credit, in minor units. */
export const StoreCreditAdjustment = z
  .object({
    amount: z
      .number()
      .int('Must be a whole number of minor units')
      .min(-10_000_000)
      .max(10_000_000)
      .refine((v) => v !== 0, 'Must not be zero'),
    note: z.string().trim().min(1, 'Say why').max(500),
  })
  .strict();
export type StoreCreditAdjustment = z.infer<typeof StoreCreditAdjustment>;

export const GiftCardIssue = z
  .object({
    amount: z.number().int('Must be a whole number of minor units').min(1).max(10_000_000),
    recipientEmail: Email.optional(),
    expiresAt: z.iso.datetime().optional(),
  })
  .strict();
export type GiftCardIssue = z.infer<typeof GiftCardIssue>;

export const AdminGiftCard = z.object({
  id: Id,
  /** The code's last four characters: the code itself is stored hashed and shown only once. */
  last4: z.string(),
  balance: Money,
  recipientEmail: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  /** The order that bought the card; null when staff issued it. */
  orderId: Id.nullable(),
  /** A bought card waiting for its send date: when its code will be emailed (it has no code until then). */
  scheduledFor: z.string().nullable(),
});
export type AdminGiftCard = z.infer<typeof AdminGiftCard>;
export const IssuedGiftCard = AdminGiftCard.extend({ code: z.string() }).meta({ id: 'IssuedGiftCard' });
export type IssuedGiftCard = z.infer<typeof IssuedGiftCard>;

export const GiftCardLookup = z.object({ code: z.string().trim().min(1).max(64) }).strict();
export const GiftCardBalance = z.object({ last4: z.string(), balance: Money, expiresAt: z.string().nullable() });
export type GiftCardBalance = z.infer<typeof GiftCardBalance>;
