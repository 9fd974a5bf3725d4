import { z } from 'zod';
import { ANALYTICS_BATCH_MAX } from './analytics.constants';
import { Id } from '../common/ids.schemas';

/**
 * Cookie consent. "Necessary" cookies (session, CSRF, the consent record itself) need no consent
 * and are always on; analytics and marketing are opt-in.
 */
export const ConsentChoices = z
  .object({
    necessary: z.literal(true).optional(),
    analytics: z.boolean(),
    marketing: z.boolean(),
  })
  .strict()
  .meta({ id: 'ConsentChoices' });
export type ConsentChoices = z.infer<typeof ConsentChoices>;

/**
 * The shopper's current consent. `decided` is false until they choose under the current policy
 * version (a choice made under an older policy no longer counts: analytics and marketing read false
 * and the banner should ask again).
 */
export const ConsentState = z
  .object({
    necessary: z.literal(true),
    analytics: z.boolean(),
    marketing: z.boolean(),
    policyVersion: z.string(),
    decided: z.boolean(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ConsentState' });
export type ConsentState = z.infer<typeof ConsentState>;

/** A site path only: the query string and fragment are dropped (they can carry personal data). */
const SitePath = z
  .string()
  .max(2000)
  .regex(/^\//, 'Must be a path starting with /')
  // overwrite (not transform): the type stays a string, so the same schema documents responses too.
  .overwrite((p) => p.split(/[?#]/)[0]!.slice(0, 300));

/** Search text as typed; the server normalises it (NFKC, lower case, single spaces) before storing. */
const SearchText = z.string().trim().min(1).max(200);

/**
 * Shopper events. There is no client timestamp: the server stamps events with its own clock when
 * the batch arrives, so day buckets cannot be skewed by a device's clock.
 */
export const AnalyticsEvent = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('page_view'), path: SitePath }).strict(),
    z.object({ type: z.literal('product_view'), productId: Id }).strict(),
    z
      .object({
        type: z.literal('add_to_cart'),
        productId: Id,
        variantId: Id.optional(),
        quantity: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    z.object({ type: z.literal('checkout_started') }).strict(),
    z.object({ type: z.literal('purchase'), orderId: Id.optional() }).strict(),
    /** A search and how many results it showed; a zero-result search is resultCount 0. */
    z.object({ type: z.literal('search'), query: SearchText, resultCount: z.number().int().min(0).max(10_000_000) }).strict(),
  ])
  .meta({ id: 'AnalyticsEvent' });
export type AnalyticsEvent = z.infer<typeof AnalyticsEvent>;
export type AnalyticsEventType = AnalyticsEvent['type'];
export const ANALYTICS_EVENT_TYPES = [
  'page_view',
  'product_view',
  'add_to_cart',
  'checkout_started',
  'purchase',
  'search',
] as const satisfies readonly AnalyticsEventType[];

export const AnalyticsEventBatch = z
  .object({
    events: z
      .array(AnalyticsEvent)
      .min(1, 'Send at least one event')
      .max(ANALYTICS_BATCH_MAX, `At most ${ANALYTICS_BATCH_MAX} events per batch`),
  })
  .strict()
  .meta({ id: 'AnalyticsEventBatch' });
export type AnalyticsEventBatch = z.infer<typeof AnalyticsEventBatch>;

export const AnalyticsBatchAccepted = z.object({ accepted: z.number().int().min(1) });
export type AnalyticsBatchAccepted = z.infer<typeof AnalyticsBatchAccepted>;
