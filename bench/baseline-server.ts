/**
 * The ceiling every Bazaar figure is compared with: a bare Express 5 route answering a fixed JSON
 * body, nothing else (no middleware, no database). Run by `npm run load:test` in its own process,
 * on the port in PORT, and measured by the same autocannon client as the shop.
 */
import express from 'express';

export const BASELINE_PATH = '/baseline';
/** About the size of a small API answer; fixed, so every run measures the same thing. */
export const BASELINE_BODY = { status: 'ok', items: [{ id: 1, name: 'Fixed item', price: { amount: 1999, currency: 'USD' } }], total: 1 };

if (require.main === module) {
  const app = express();
  app.get(BASELINE_PATH, (_req, res) => {
    res.json(BASELINE_BODY);
  });
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
