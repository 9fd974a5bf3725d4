export { CheckoutService } from './checkout.service';
export { IdempotencyStore } from './idempotency';
