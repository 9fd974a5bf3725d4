import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/** What one POST came to. */
export interface SendOutcome {
  status: number | null;
  /** The first `RESPONSE_BODY_LIMIT` characters of the answer. */
  body: string | null;
  durationMs: number;
  error: string | null;
}

export const RESPONSE_BODY_LIMIT = 2000;

export interface SenderOptions {
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: private, loopback and link-local addresses may be called (tests, on-premise). */
  allowPrivate: boolean;
}

/**
 * POSTs a webhook with node's http(s) through request-filtering-agent, which checks the address
 * the name resolves to at connect (so a DNS answer that changed since subscription — rebinding —
 * cannot reach a private or metadata address). No redirects are followed.
 */
export class WebhookSender {
  private readonly agents: { http: http.Agent; https: https.Agent };
  constructor(private readonly opts: SenderOptions) {
    const filter = { allowPrivateIPAddress: opts.allowPrivate, allowMetaIPAddress: false, keepAlive: false };
    this.agents = { http: new RequestFilteringHttpAgent(filter), https: new RequestFilteringHttpsAgent(filter) };
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<SendOutcome>((resolve) => {
      let settled = false;
      const pending: { timer?: NodeJS.Timeout } = {};
      const done = (outcome: Omit<SendOutcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(pending.timer);
        resolve({ ...outcome, durationMs: elapsed() });
      };
      const target = new URL(url);
      if (target.protocol !== 'https:' && !(this.opts.allowPrivate && target.protocol === 'http:')) {
        done({ status: null, body: null, error: 'Refused: the endpoint must use https' });
        return;
      }
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? this.agents.https : this.agents.http,
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)), 'User-Agent': 'Bazaar-Webhooks/1' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < RESPONSE_BODY_LIMIT) text += chunk;
            // Enough is kept; the rest of a large answer is not waited for.
            if (text.length >= RESPONSE_BODY_LIMIT) {
              done({ status: res.statusCode ?? null, body: text.slice(0, RESPONSE_BODY_LIMIT), error: null });
              req.destroy();
            }
          });
          res.on('end', () => done({ status: res.statusCode ?? null, body: text, error: null }));
          res.on('error', (err) => done({ status: res.statusCode ?? null, body: text, error: err.message }));
        },
      );
      // The whole exchange, not only the connect: a receiver that answers too slowly has failed.
      pending.timer = setTimeout(() => {
        done({ status: null, body: null, error: `Timed out after ${this.opts.timeoutMs} ms` });
        req.destroy();
      }, this.opts.timeoutMs);
      req.on('error', (err) => done({ status: null, body: null, error: err.message }));
      req.end(body);
    });
  }
}
