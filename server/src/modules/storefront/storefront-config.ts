import { StorefrontConfig } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { ApiRegistry } from '../../lib/api-registry';
import type { PaymentProvider } from '../payments';

/**
 * The storefront's public settings. Stripe Elements needs both halves: the server creating
 * PaymentIntents (secret key → Stripe provider) and the browser's publishable key.
 */
export function storefrontConfig(config: Config, provider: PaymentProvider): StorefrontConfig {
  const stripePublishableKey = provider.name === 'stripe' ? config.stripe.publishableKey : undefined;
  return {
    currency: config.shop.currency,
    payments: { provider: provider.name, ...(stripePublishableKey ? { stripePublishableKey } : {}) },
  };
}

/**
 * The origins Stripe.js and its Elements iframes use (Stripe's published CSP list, without the
 * address-autocomplete map origins we do not use). Added to the CSP only when Elements is on.
 */
export const STRIPE_CSP = {
  'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com'],
  'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  'connect-src': ['https://api.stripe.com'],
} as const;

export function registerStorefrontConfigRoutes(api: ApiRegistry, settings: StorefrontConfig): void {
  api.route({
    method: 'get',
    path: '/config',
    summary: 'Public storefront settings: currency and the payment form to show (Stripe publishable key when Stripe Elements is on)',
    tags: ['storefront'],
    response: StorefrontConfig,
    handler: (_input, _req, res) => {
      // Fixed for the life of the process; a short cache still picks up a redeploy quickly.
      res.set('Cache-Control', 'public, max-age=300');
      return settings;
    },
  });
}
