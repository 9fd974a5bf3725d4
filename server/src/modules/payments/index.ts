export { fromStripeEvent, type PaymentEvent, type Provider } from './payment-events';
export {
  ManualPaymentProvider,
  StripePaymentProvider,
  type CreatedPayment,
  type CreatedRefund,
  type PaymentProvider,
} from './payment-provider';
export { PaymentProcessor, type ProcessOutcome } from './payment-processor';
