export { CheckoutService } from './checkout.service';
export { registerCheckoutRoutes } from './checkout.routes';
export { IdempotencyStore } from './idempotency';
export { defineCheckoutModels, IdempotencyKey } from './checkout.models';
