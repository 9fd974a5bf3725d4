/**
 * Provider events in one vocabulary. Stripe webhooks and the manual provider's confirm endpoint
 * both become these, and one processor applies them: the whole shop works offline the same way.
 */
export type PaymentEvent =
  | { id: string; provider: Provider; kind: 'payment.succeeded'; paymentRef: string; amount: number; currency: string; orderId?: string }
  | { id: string; provider: Provider; kind: 'payment.failed'; paymentRef: string; reason?: string }
  | { id: string; provider: Provider; kind: 'payment.cancelled'; paymentRef: string }
  | { id: string; provider: Provider; kind: 'payment.processing'; paymentRef: string }
  /** The charge's cumulative refunded amount (Stripe `charge.refunded`): it also proves the payment was captured. */
  | {
      id: string;
      provider: Provider;
      kind: 'charge.refunded';
      paymentRef: string;
      amount: number;
      amountRefunded: number;
      currency: string;
      orderId?: string;
    }
  | {
      id: string;
      provider: Provider;
      kind: 'refund.updated';
      paymentRef: string;
      refundRef: string;
      amount: number;
      status: 'pending' | 'succeeded' | 'failed';
      refundId?: string;
    }
  | { id: string; provider: Provider; kind: 'ignored'; type: string };

export type Provider = 'stripe' | 'manual';

interface StripeLikeEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

const str = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : '');

/** Maps a (verified) Stripe event to ours. Unknown types are recorded and ignored. */
export function fromStripeEvent(event: StripeLikeEvent): PaymentEvent {
  const o = event.data.object;
  const metadata = (o.metadata ?? {}) as Record<string, string>;
  const base = { id: event.id, provider: 'stripe' as const };
  switch (event.type) {
    case 'payment_intent.succeeded':
      return {
        ...base,
        kind: 'payment.succeeded',
        paymentRef: str(o.id),
        amount: Number(o.amount_received ?? o.amount),
        currency: String(o.currency).toUpperCase(),
        orderId: metadata.orderId,
      };
    case 'payment_intent.payment_failed':
      return {
        ...base,
        kind: 'payment.failed',
        paymentRef: str(o.id),
        reason: (o.last_payment_error as { message?: string } | undefined)?.message,
      };
    case 'payment_intent.canceled':
      return { ...base, kind: 'payment.cancelled', paymentRef: str(o.id) };
    case 'payment_intent.processing':
      return { ...base, kind: 'payment.processing', paymentRef: str(o.id) };
    case 'charge.refunded':
      return {
        ...base,
        kind: 'charge.refunded',
        paymentRef: str(o.payment_intent),
        amount: Number(o.amount_captured ?? o.amount),
        amountRefunded: Number(o.amount_refunded),
        currency: String(o.currency).toUpperCase(),
        orderId: metadata.orderId,
      };
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const status =
        event.type === 'refund.failed' || o.status === 'failed' || o.status === 'canceled'
          ? 'failed'
          : o.status === 'succeeded'
            ? 'succeeded'
            : 'pending';
      return {
        ...base,
        kind: 'refund.updated',
        paymentRef: str(o.payment_intent),
        refundRef: str(o.id),
        amount: Number(o.amount),
        status,
        refundId: metadata.refundId,
      };
    }
    default:
      return { ...base, kind: 'ignored', type: event.type };
  }
}
