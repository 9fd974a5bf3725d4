import request from 'supertest';
import { signedInBrowser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ REQUIRE_ADMIN_MFA: 'true' });
});
afterAll(() => t.close());

describe('REQUIRE_ADMIN_MFA', () => {
  it('keeps a staff session without MFA out of admin routes, but not a key (the rule is about how a session signed in)', async () => {
    const { browser, user } = await signedInBrowser(t, 'admin');
    const refused = await browser.get('/api/v1/admin/orders').expect(403);
    expect(refused.body.error.message).toMatch(/two-factor/);
    // Such a session cannot make a key either; one made while the admin had MFA still works.
    await browser.post('/api/v1/admin/api-keys', { name: 'x', permissions: ['orders:read'] }).expect(403);
    const { secret } = await t.container.apiKeys.create(
      { id: user.id, role: 'admin' },
      { name: 'Made with MFA', permissions: ['orders:read'] },
      {},
    );
    await request(t.app).get('/api/v1/admin/orders').set('Authorization', `Bearer ${secret}`).expect(200);
  });
});
