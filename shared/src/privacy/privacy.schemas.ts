import { z } from 'zod';
import { AnalyticsEvent } from '../analytics/analytics.schemas';
import { Address } from '../auth/address.schemas';
import { Me, PresentedPassword, SessionInfo } from '../auth/auth.schemas';
import { Identity } from '../auth/identity.schemas';
import { Passkey } from '../auth/passkey.schemas';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { Order } from '../orders/order.schemas';
import { ReviewStatus } from '../reviews/reviews.schemas';

/** Erasing one's own account takes the password again (a left-open session is not enough). */
export const EraseMyDataRequest = z.object({ password: PresentedPassword }).strict().meta({ id: 'EraseMyDataRequest' });
export type EraseMyDataRequest = z.infer<typeof EraseMyDataRequest>;

/** Staff erase: the account's email typed again, so the wrong row is not erased by a slip. */
export const AdminEraseRequest = z
  .object({ confirm: z.string().trim().min(1).max(254) })
  .strict()
  .meta({ id: 'AdminEraseRequest' });
export type AdminEraseRequest = z.infer<typeof AdminEraseRequest>;

export const ErasureResult = z.object({
  userId: Id,
  erasedAt: z.iso.datetime(),
  /** Orders kept for the books, with their personal data scrubbed. */
  ordersAnonymised: z.number().int().min(0),
  reviewsAnonymised: z.number().int().min(0),
  analyticsEventsDeleted: z.number().int().min(0),
});
export type ErasureResult = z.infer<typeof ErasureResult>;

const When = z.iso.datetime();

/** Everything Bazaar holds about one account (GDPR art. 15 and 20), as one JSON document. */
export const DataExport = z
  .object({
    format: z.literal('bazaar-data-export'),
    version: z.literal(1),
    exportedAt: When,
    profile: Me.omit({ permissions: true }).extend({ updatedAt: When, passwordChangedAt: When.nullable() }),
    addresses: z.array(Address),
    orders: z.array(Order),
    /** The gift cards the shopper bought, one per card: who each is for and what it is worth (never its code). */
    giftCardsBought: z.array(
      z.object({
        orderId: Id,
        orderNumber: z.string(),
        recipientEmail: z.string().nullable(),
        recipientName: z.string().nullable(),
        message: z.string().nullable(),
        value: Money,
        /** When its code is (or was to be) emailed to the recipient. */
        sendAt: When.nullable(),
        status: z.enum(['waiting', 'sent', 'refunded']),
      }),
    ),
    reviews: z.array(
      z.object({
        id: Id,
        productId: Id,
        productSlug: z.string().nullable(),
        productTitle: z.string().nullable(),
        rating: z.number().int(),
        title: z.string(),
        body: z.string(),
        status: ReviewStatus,
        createdAt: When,
        updatedAt: When,
      }),
    ),
    wishlist: z.array(
      z.object({
        productId: Id,
        productSlug: z.string().nullable(),
        productTitle: z.string().nullable(),
        variantId: Id.nullable(),
        addedAt: When,
      }),
    ),
    consent: z.array(
      z.object({ necessary: z.literal(true), analytics: z.boolean(), marketing: z.boolean(), policyVersion: z.string(), decidedAt: When }),
    ),
    analyticsEvents: z.array(z.object({ occurredAt: When, event: AnalyticsEvent })),
    sessions: z.array(SessionInfo),
    /** The other ways in: linked provider accounts and passkeys (never a key or secret). */
    signInMethods: z.object({
      identities: z.array(Identity.pick({ provider: true, providerName: true, email: true, linkedAt: true })),
      passkeys: z.array(Passkey.pick({ name: true, deviceType: true, createdAt: true, lastUsedAt: true })),
    }),
    /** Sign-ins, password and MFA changes and other security events about the account. */
    securityEvents: z.array(z.object({ event: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: When })),
  })
  .meta({ id: 'DataExport' });
export type DataExport = z.infer<typeof DataExport>;
