import Stripe from 'stripe';
import { AppError } from '../../lib/errors';
import { ManualPaymentProvider, StripePaymentProvider } from './payment-provider';

const SECRET = 'whsec_unit_test_secret';
const stripe = new Stripe('sk_test_dummy');
const payload = JSON.stringify({
  id: 'evt_unit_1',
  object: 'event',
  type: 'payment_intent.processing',
  data: { object: { object: 'payment_intent', id: 'pi_unit_1' } },
});
const signed = () => ({ 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
  return 'no error';
};

describe('verifying a webhook at the provider', () => {
  it('the manual provider takes no webhooks (503)', () => {
    expect(codeOf(() => new ManualPaymentProvider().verifyWebhook())).toBe('SERVICE_UNAVAILABLE');
  });

  it('Stripe without a signing secret refuses them (503)', () => {
    const provider = new StripePaymentProvider('sk_test_dummy');
    expect(codeOf(() => provider.verifyWebhook(Buffer.from(payload), signed()))).toBe('SERVICE_UNAVAILABLE');
  });

  it('Stripe refuses a missing or wrong signature (400) and turns a signed body into our event', () => {
    const provider = new StripePaymentProvider('sk_test_dummy', { webhookSecret: SECRET });
    expect(codeOf(() => provider.verifyWebhook(Buffer.from(payload), {}))).toBe('BAD_REQUEST');
    expect(codeOf(() => provider.verifyWebhook(undefined, signed()))).toBe('BAD_REQUEST');
    expect(codeOf(() => provider.verifyWebhook(Buffer.from(payload.replace('pi_unit_1', 'pi_other')), signed()))).toBe('BAD_REQUEST');
    const { event, payload: raw } = provider.verifyWebhook(Buffer.from(payload), signed());
    expect(event).toEqual({ id: 'evt_unit_1', provider: 'stripe', kind: 'payment.processing', paymentRef: 'pi_unit_1' });
    expect(raw).toMatchObject({ id: 'evt_unit_1', type: 'payment_intent.processing' });
  });
});
