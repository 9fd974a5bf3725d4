/**
 * What the order aggregate asks of the payment side. payments/ implements it (PaymentGateway) and
 * the container passes it in, so orders/ never imports payments/ while payments/ (the processor
 * that applies provider events to orders) imports orders/.
 */
export interface OrderPayments {
  /** The shop's payment provider: 'stripe' or 'manual'. */
  readonly provider: string;
  /** The manual test provider's "the customer paid / was declined", applied like a webhook. */
  confirmManual(
    payment: { providerRef: string; orderId: string; amount: number; currency: string },
    outcome: 'succeeded' | 'declined',
  ): Promise<void>;
  /** Cancels an uncaptured payment at the provider. */
  cancel(providerRef: string): Promise<void>;
  /** Asks the provider for a refund (throws when it refuses). */
  requestRefund(payment: { providerRef: string; amount: number; refundId: string }): Promise<RefundAnswer>;
  /** Applies the provider's answer to a refund, as its webhook would. */
  applyRefund(refund: { paymentRef: string; refundId: string; amount: number }, answer: RefundAnswer): Promise<void>;
  /** Asks the provider about a payment and applies what it says (lost webhooks): true when that changed something. */
  reconcile(providerRef: string): Promise<boolean>;
}

export interface RefundAnswer {
  providerRef: string;
  status: 'pending' | 'succeeded' | 'failed';
}
