import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the few Stripe API endpoints Bazaar calls (the stripe library takes a
 * host/port/protocol), so tests never reach the internet. It keeps PaymentIntents in memory.
 */
export class StripeStandIn {
  readonly intents = new Map<string, Record<string, unknown>>();
  readonly refunds: Record<string, unknown>[] = [];
  readonly requests: { method: string; path: string; idempotencyKey?: string }[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  port = 0;
  private n = 0;

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const path = (req.url ?? '').split('?')[0]!;
      this.requests.push({ method: req.method!, path, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++this.n}` });
        res.end(JSON.stringify(json));
      };
      if (req.method === 'POST' && path === '/v1/payment_intents') {
        const key = req.headers['idempotency-key'] as string;
        const existing = [...this.intents.values()].find((i) => i._key === key);
        if (existing) return send(200, existing);
        const id = `pi_test_${++this.n}`;
        const intent = {
          id,
          object: 'payment_intent',
          amount: Number(form.get('amount')),
          currency: form.get('currency'),
          status: 'requires_payment_method',
          client_secret: `${id}_secret_abc`,
          metadata: { orderId: form.get('metadata[orderId]'), orderNumber: form.get('metadata[orderNumber]') },
          _key: key,
        };
        this.intents.set(id, intent);
        return send(200, intent);
      }
      const intentMatch = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
      if (intentMatch) {
        const intent = this.intents.get(intentMatch[1]!);
        if (!intent) return send(404, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } });
        if (intentMatch[2]) intent.status = 'canceled';
        return send(200, intent);
      }
      if (req.method === 'POST' && path === '/v1/refunds') {
        const refund = {
          id: `re_test_${++this.n}`,
          object: 'refund',
          amount: Number(form.get('amount')),
          payment_intent: form.get('payment_intent'),
          status: 'pending',
          metadata: { refundId: form.get('metadata[refundId]') },
        };
        this.refunds.push(refund);
        return send(200, refund);
      }
      send(404, { error: { type: 'invalid_request_error', message: `unknown ${path}` } });
    });
  }
}
