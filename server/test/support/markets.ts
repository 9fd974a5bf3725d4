import type { Browser } from './browser';

/** A market opened as staff would open it: the exchange rate of its currency first (without one it is not on sale), then the market. */
export async function openMarket(admin: Browser, rate: string, market: { code: string; currency: string } & Record<string, unknown>) {
  await admin.put(`/api/v1/admin/exchange-rates/${market.currency}`, { rate }).expect(200);
  return (await admin.post('/api/v1/admin/markets', { name: market.code, defaultLanguage: 'en', languages: ['en'], ...market }).expect(201))
    .body;
}
