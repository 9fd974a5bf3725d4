import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import type { OrderPayments, RefundAnswer } from '../orders';
import type { PaymentProcessor } from './payment-processor';
import type { PaymentProvider } from './payment-provider';

/** The payment side as orders/ uses it: the provider's calls, with their answers applied by the processor. */
export class PaymentGateway implements OrderPayments {
  constructor(
    private readonly paymentProvider: PaymentProvider,
    private readonly processor: PaymentProcessor,
    private readonly logger: Logger,
  ) {}

  get provider(): string {
    return this.paymentProvider.name;
  }

  async confirmManual(
    payment: { providerRef: string; orderId: string; amount: number; currency: string },
    outcome: 'succeeded' | 'declined',
  ): Promise<void> {
    const base = { id: `manual_evt_${newId()}`, provider: 'manual' as const, paymentRef: payment.providerRef };
    const event =
      outcome === 'succeeded'
        ? { ...base, kind: 'payment.succeeded' as const, amount: payment.amount, currency: payment.currency, orderId: payment.orderId }
        : { ...base, kind: 'payment.failed' as const, reason: 'declined (manual test provider)' };
    await this.processor.process(event, { manual: true, outcome }, payment.orderId);
  }

  cancel(providerRef: string): Promise<void> {
    return this.paymentProvider.cancel(providerRef);
  }

  requestRefund(payment: { providerRef: string; amount: number; refundId: string }): Promise<RefundAnswer> {
    return this.paymentProvider.refund(payment);
  }

  async applyRefund(refund: { paymentRef: string; refundId: string; amount: number }, answer: RefundAnswer): Promise<void> {
    const provider = this.paymentProvider.name;
    await this.processor.process(
      {
        id: `${provider}_refund_${refund.refundId}_${answer.status}`,
        provider,
        kind: 'refund.updated',
        paymentRef: refund.paymentRef,
        refundRef: answer.providerRef,
        amount: refund.amount,
        status: answer.status,
        refundId: refund.refundId,
      },
      { refundId: refund.refundId, status: answer.status },
    );
  }

  async reconcile(providerRef: string): Promise<boolean> {
    const event = await this.paymentProvider.currentState(providerRef).catch((err: unknown) => {
      this.logger.warn({ err, ref: providerRef }, 'reconciliation could not reach the provider');
      return undefined;
    });
    return !!event && (await this.processor.process(event, { reconciliation: true })) === 'applied';
  }
}
