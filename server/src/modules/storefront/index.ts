export { registerStorefrontConfigRoutes, storefrontConfig, STRIPE_CSP } from './storefront-config';
