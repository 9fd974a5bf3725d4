export { fromStripeEvent, type PaymentEvent, type Provider } from './payment-events';
export {
  ManualPaymentProvider,
  StripePaymentProvider,
  type CreatedPayment,
  type CreatedRefund,
  type PaymentProvider,
  type VerifiedWebhook,
} from './payment-provider';
export { PaymentGateway } from './payment-gateway';
export { PaymentProcessor, type ProcessOutcome } from './payment-processor';
export { PaymentEventRepository } from './payment-event.repository';
export { registerPaymentRoutes, type PaymentRouteDeps } from './payments.routes';
export { definePaymentsModels, Payment, PaymentEventRecord } from './payments.models';
