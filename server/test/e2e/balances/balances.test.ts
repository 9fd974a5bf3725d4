import { guestBrowser, signedInBrowser, type Browser } from '../../support/browser';
import { ledgerAgrees } from '../../support/balances';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

describe('store credit', () => {
  it('staff credit and debit it with a reason; the customer sees the balance and its movements; never below zero', async () => {
    const { browser: shopper, user } = await signedInBrowser(t);
    expect((await shopper.get('/api/v1/me/store-credit').expect(200)).body).toEqual({
      balance: { amount: 0, currency: 'USD' },
      entries: [],
    });
    await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: 2500, note: 'goodwill' }).expect(200);
    const after = (await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: -500, note: 'correction' }).expect(200))
      .body;
    expect(after.balance).toEqual({ amount: 2000, currency: 'USD' });
    const mine = (await shopper.get('/api/v1/me/store-credit').expect(200)).body;
    expect(mine.balance.amount).toBe(2000);
    expect(
      mine.entries.map((e: { delta: { amount: number }; reason: string; note: string }) => [e.delta.amount, e.reason, e.note]),
    ).toEqual([
      [-500, 'adjustment', 'correction'],
      [2500, 'issued', 'goodwill'],
    ]);

    const refused = await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: -2001, note: 'too much' }).expect(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect((await shopper.get('/api/v1/me/store-credit').expect(200)).body.entries).toHaveLength(2);
    await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: 0, note: 'x' }).expect(400);
    await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: 10.5, note: 'x' }).expect(400);
    expect(await ledgerAgrees(t)).toBe(true);
    const audit = await t.container.db.one<{ n: number }>(
      "SELECT COUNT(*) AS n FROM audit_logs WHERE event = 'store_credit_adjusted' AND target_user_id = ?",
      [user.id],
    );
    expect(Number(audit!.n)).toBe(2);
  });

  it('only staff who may move money can adjust it, and a shopper sees only their own', async () => {
    const { user } = await signedInBrowser(t);
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: 100, note: 'x' }).expect(403);
    const { browser: other } = await signedInBrowser(t);
    await other.get(`/api/v1/admin/customers/${user.id}/store-credit`).expect(403);
    await (await guestBrowser(t)).get('/api/v1/me/store-credit').expect(401);
  });

  it('the database itself refuses a negative balance', async () => {
    const { user } = await signedInBrowser(t);
    await admin.post(`/api/v1/admin/customers/${user.id}/store-credit`, { amount: 100, note: 'x' }).expect(200);
    await expect(t.container.db.execute('UPDATE balance_accounts SET balance = -1 WHERE user_id = ?', [user.id])).rejects.toThrow();
  });
});

describe('gift cards', () => {
  it('are issued with an unguessable code shown once; look-ups ignore case and dashes; a wrong or expired code says nothing', async () => {
    const issued = (await admin.post('/api/v1/admin/gift-cards', { amount: 5000, recipientEmail: 'Friend@Example.com' }).expect(201)).body;
    const bare = issued.code.replace(/-/g, '');
    expect(bare).toMatch(/^[A-Z2-9]{20}$/);
    expect(issued).toMatchObject({
      balance: { amount: 5000, currency: 'USD' },
      last4: bare.slice(-4),
      recipientEmail: 'friend@example.com',
    });
    const stored = await t.container.db.one<{ code_hash: string }>('SELECT code_hash FROM balance_accounts WHERE id = ?', [issued.id]);
    expect(stored!.code_hash).not.toContain(bare);
    const list = (await admin.get('/api/v1/admin/gift-cards').expect(200)).body.items;
    expect(JSON.stringify(list)).not.toContain(bare);

    const shopper = await guestBrowser(t);
    const found = (await shopper.post('/api/v1/gift-cards/lookup', { code: bare.toLowerCase() }).expect(200)).body;
    expect(found).toMatchObject({ balance: { amount: 5000 }, last4: bare.slice(-4) });
    const wrong = (await shopper.post('/api/v1/gift-cards/lookup', { code: 'AAAA-BBBB-CCCC-DDDD-EEEE' }).expect(404)).body;
    const expired = (await admin.post('/api/v1/admin/gift-cards', { amount: 100, expiresAt: '2020-01-01T00:00:00.000Z' }).expect(201)).body;
    const late = (await shopper.post('/api/v1/gift-cards/lookup', { code: expired.code }).expect(404)).body;
    expect(late.error.message).toBe(wrong.error.message);
  });

  it('20 concurrent spends against a card worth 5 of them: exactly 5 win, the rest are 409, the ledger sums to zero', async () => {
    const card = (await admin.post('/api/v1/admin/gift-cards', { amount: 500 }).expect(201)).body;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.container.db.transaction((tx) => t.container.balances.spendGiftCard(card.code, 100, { type: 'order', id: `race-${i}` }, tx)),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refusals.map((r) => (r.reason as { code?: string; message?: string }).code ?? String((r.reason as Error).message))).toEqual(
      Array(15).fill('CONFLICT'),
    );
    const row = await t.container.db.one<{ balance: number }>('SELECT balance FROM balance_accounts WHERE id = ?', [card.id]);
    expect(Number(row!.balance)).toBe(0);
    expect(await ledgerAgrees(t)).toBe(true);
  });
});
