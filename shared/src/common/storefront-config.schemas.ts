import { z } from 'zod';

/**
 * What the storefront needs to know about this shop before it can take money: the currency and
 * which payment form to show. Public (no secrets): a Stripe publishable key is meant for browsers.
 */
export const StorefrontConfig = z
  .object({
    currency: z.string().length(3),
    payments: z.object({
      provider: z.enum(['stripe', 'manual']),
      /** Present only when the provider is Stripe and a publishable key is configured: then Stripe Elements is used. */
      stripePublishableKey: z.string().optional(),
    }),
  })
  .meta({ id: 'StorefrontConfig' });
export type StorefrontConfig = z.infer<typeof StorefrontConfig>;
