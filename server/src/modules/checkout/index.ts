export { CheckoutService } from './checkout.service';
export { registerCheckoutRoutes } from './checkout.routes';
export { IdempotencyStore } from './idempotency';
