import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Stripe from 'stripe';
import { AppError, serviceUnavailable } from '../../lib/errors';
import type { PaymentEvent, Provider } from './payment-events';
import { fromStripeEvent } from './payment-events';

export interface CreatedPayment {
  providerRef: string;
  clientSecret?: string;
}

export interface CreatedRefund {
  providerRef: string;
  status: 'pending' | 'succeeded' | 'failed';
}

/** What checkout, refunds and reconciliation need from a payment service. */
export interface PaymentProvider {
  readonly name: Provider;
  createPayment(order: { id: string; number: string; total: number; currency: string; email: string }): Promise<CreatedPayment>;
  refund(payment: { providerRef: string; amount: number; refundId: string }): Promise<CreatedRefund>;
  cancel(providerRef: string): Promise<void>;
  /** The provider's current view of a payment, as an event (for reconciliation of lost webhooks). */
  currentState(providerRef: string): Promise<PaymentEvent | undefined>;
  /**
   * A webhook delivery checked from its raw body and headers, as our event plus the provider's own
   * payload to record. 400 BAD_REQUEST when it does not verify; 503 when this provider takes none.
   */
  verifyWebhook(rawBody: Buffer | undefined, headers: IncomingHttpHeaders): VerifiedWebhook;
}

export interface VerifiedWebhook {
  event: PaymentEvent;
  payload: unknown;
}

const STRIPE_NOT_CONFIGURED = 'Stripe is not configured on this shop.';

/**
 * The built-in test provider (no Stripe key): payments wait for
 * `POST /api/v1/payments/:id/confirm`, which drives the same processor as Stripe's webhook.
 */
export class ManualPaymentProvider implements PaymentProvider {
  readonly name = 'manual' as const;
  async createPayment(): Promise<CreatedPayment> {
    return { providerRef: `manual_pi_${randomUUID()}` };
  }
  async refund(): Promise<CreatedRefund> {
    return { providerRef: `manual_re_${randomUUID()}`, status: 'succeeded' };
  }
  async cancel(): Promise<void> {}
  async currentState(): Promise<PaymentEvent | undefined> {
    return undefined; // nothing happens to a manual payment unless someone confirms it
  }
  verifyWebhook(): VerifiedWebhook {
    throw serviceUnavailable(STRIPE_NOT_CONFIGURED);
  }
}

/**
 * Stripe: one PaymentIntent per order, created with an idempotency key derived from the order so
 * a retried checkout never makes a second one; the order id rides in the metadata and is checked
 * before an order is marked paid.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly stripe: Stripe;
  private readonly webhookSecret: string | undefined;

  /** `webhookSecret`: the endpoint's signing secret; without it webhooks are refused with 503. */
  constructor(
    secretKey: string,
    { webhookSecret, ...options }: { webhookSecret?: string; host?: string; port?: number; protocol?: 'http' | 'https' } = {},
  ) {
    this.stripe = new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 15_000, ...options });
    this.webhookSecret = webhookSecret;
  }

  verifyWebhook(rawBody: Buffer | undefined, headers: IncomingHttpHeaders): VerifiedWebhook {
    if (!this.webhookSecret) throw serviceUnavailable(STRIPE_NOT_CONFIGURED);
    const signature = headers['stripe-signature'];
    if (typeof signature !== 'string' || !signature || !rawBody) throw new AppError('BAD_REQUEST', 'Missing Stripe signature.');
    let event;
    try {
      // Stripe's default five-minute tolerance against replayed deliveries.
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.webhookSecret, 300);
    } catch {
      throw new AppError('BAD_REQUEST', 'The Stripe signature does not verify.');
    }
    return { event: fromStripeEvent(event as never), payload: event };
  }

  async createPayment(order: { id: string; number: string; total: number; currency: string; email: string }): Promise<CreatedPayment> {
    const intent = await this.stripe.paymentIntents.create(
      {
        amount: order.total,
        currency: order.currency.toLowerCase(),
        automatic_payment_methods: { enabled: true },
        receipt_email: order.email,
        description: `Order ${order.number}`,
        metadata: { orderId: order.id, orderNumber: order.number },
      },
      { idempotencyKey: `order-${order.id}-payment` },
    );
    return { providerRef: intent.id, clientSecret: intent.client_secret ?? undefined };
  }

  async refund(payment: { providerRef: string; amount: number; refundId: string }): Promise<CreatedRefund> {
    const refund = await this.stripe.refunds.create(
      { payment_intent: payment.providerRef, amount: payment.amount, metadata: { refundId: payment.refundId } },
      { idempotencyKey: `refund-${payment.refundId}` },
    );
    return {
      providerRef: refund.id,
      status:
        refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending',
    };
  }

  async cancel(providerRef: string): Promise<void> {
    await this.stripe.paymentIntents.cancel(providerRef);
  }

  async currentState(providerRef: string): Promise<PaymentEvent | undefined> {
    const intent = await this.stripe.paymentIntents.retrieve(providerRef);
    const type =
      intent.status === 'succeeded'
        ? 'payment_intent.succeeded'
        : intent.status === 'canceled'
          ? 'payment_intent.canceled'
          : intent.status === 'requires_payment_method' && intent.last_payment_error
            ? 'payment_intent.payment_failed'
            : undefined;
    if (!type) return undefined;
    // A stable id per observed state, so reconciling twice applies it once.
    return fromStripeEvent({
      id: `reconcile_${intent.id}_${intent.status}`,
      type,
      data: { object: intent as unknown as Record<string, unknown> },
    });
  }
}
