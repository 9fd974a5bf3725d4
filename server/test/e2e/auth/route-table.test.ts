import { Browser, createUser, guestBrowser, signedInBrowser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const UNSAFE = ['post', 'put', 'patch', 'delete'] as const;
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) => path.replace(/:id\b/g, SAMPLE_ID).replace(/:([A-Za-z]+)/g, 'sample');

describe('walking the route table', () => {
  it('has routes to walk', () => {
    expect(t.registry.routes.filter((r) => UNSAFE.includes(r.method as never)).length).toBeGreaterThan(15);
    expect(t.registry.routes.filter((r) => r.permission).length).toBeGreaterThan(3);
  });

  it('refuses every state-changing request without a CSRF token (and with a wrong one)', async () => {
    const { browser } = await signedInBrowser(t, 'admin');
    const unsafe = t.registry.routes.filter(
      (r) => UNSAFE.includes(r.method as never) && !r.csrfExempt && !r.fullPath.startsWith('/healthz'),
    );
    for (const route of unsafe) {
      const path = concrete(route.fullPath);
      const missing = await browser.agent[route.method](path).send({});
      expect({ route: `${route.method} ${path}`, status: missing.status, code: missing.body?.error?.code }).toEqual({
        route: `${route.method} ${path}`,
        status: 403,
        code: 'CSRF_INVALID',
      });
      const wrong = await browser.agent[route.method](path).set('X-CSRF-Token', 'forged-token').send({});
      expect(wrong.status).toBe(403);
    }
    // The same session with its real token still works.
    await browser.get('/api/v1/me').expect(200);
  });

  it('gives a customer 403 on every admin route, and a guest 401', async () => {
    const { browser: customer } = await signedInBrowser(t, 'customer');
    const guest = await guestBrowser(t);
    const adminRoutes = t.registry.routes.filter((r) => r.permission);
    expect(adminRoutes.every((r) => r.fullPath.startsWith('/api/v1/admin/'))).toBe(true);
    for (const route of adminRoutes) {
      const path = concrete(route.fullPath);
      const asCustomer = await customer.agent[route.method](path).set('X-CSRF-Token', customer.csrfToken).send({});
      expect(`${route.method} ${path} ${asCustomer.status} ${asCustomer.body.error?.code}`).toBe(`${route.method} ${path} 403 FORBIDDEN`);
      const asGuest = await guest.agent[route.method](path).set('X-CSRF-Token', guest.csrfToken).send({});
      expect(`${route.method} ${path} ${asGuest.status}`).toBe(`${route.method} ${path} 401`);
    }
  });

  it('lets support read customers but not manage them', async () => {
    const { browser: support } = await signedInBrowser(t, 'support');
    const target = await createUser(t);
    await support.get(`/api/v1/admin/users/${target.id}`).expect(200);
    await support.patch(`/api/v1/admin/users/${target.id}`, { role: 'admin' }).expect(403);
  });
});

describe('ownership (IDOR)', () => {
  it("never lets one user read or change another's addresses", async () => {
    const { browser: alice } = await signedInBrowser(t);
    const { browser: bob } = await signedInBrowser(t);
    const address = { name: 'Alice A', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'us' };
    const created = await alice.post('/api/v1/me/addresses', address).expect(201);
    expect(created.body).toMatchObject({ country: 'US', isDefault: true });
    const id = created.body.id as string;

    expect((await bob.get('/api/v1/me/addresses').expect(200)).body.items).toEqual([]);
    await bob.patch(`/api/v1/me/addresses/${id}`, { city: 'Shelbyville' }).expect(404);
    await bob.delete(`/api/v1/me/addresses/${id}`).expect(404);
    const mine = await alice.get('/api/v1/me/addresses').expect(200);
    expect(mine.body.items).toEqual([created.body]);

    await alice.patch(`/api/v1/me/addresses/${id}`, { city: 'Capital City' }).expect(200);
    await alice.delete(`/api/v1/me/addresses/${id}`).expect(204);
  });

  it('makes the first address the default and keeps at most 20, also when added at once', async () => {
    const { browser } = await signedInBrowser(t);
    const address = (n: number) => ({ name: `Addr ${n}`, line1: `${n} Main St`, city: 'Springfield', postalCode: '12345', country: 'US' });
    expect((await browser.post('/api/v1/me/addresses', address(1)).expect(201)).body.isDefault).toBe(true);
    expect((await browser.post('/api/v1/me/addresses', address(2)).expect(201)).body.isDefault).toBe(false);
    // Sent at once: however they interleave, only the room left (18) is taken and the rest are refused.
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => browser.post('/api/v1/me/addresses', address(i + 3)).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(18);
    expect(statuses.filter((s) => s === 409)).toHaveLength(6);
    const items = (await browser.get('/api/v1/me/addresses').expect(200)).body.items as { isDefault: boolean }[];
    expect(items).toHaveLength(20);
    expect(items.filter((a) => a.isDefault)).toHaveLength(1);
  });

  it('validates addresses with per-field details', async () => {
    const { browser } = await signedInBrowser(t);
    const res = await browser
      .post('/api/v1/me/addresses', { name: '', line1: 'x', city: 'y', postalCode: 'z', country: 'USA' })
      .expect(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'country']));
  });

  it("never lets one user see or revoke another's sessions", async () => {
    const alice = await createUser(t);
    const aliceBrowser = new Browser(t.agent());
    await aliceBrowser.login(alice.email, alice.password);
    const { browser: bob } = await signedInBrowser(t);
    const aliceSession = (await aliceBrowser.get('/api/v1/me/sessions').expect(200)).body.items[0].id as string;
    const bobsView = (await bob.get('/api/v1/me/sessions').expect(200)).body.items as { id: string }[];
    expect(bobsView.map((s) => s.id)).not.toContain(aliceSession);
    await bob.delete(`/api/v1/me/sessions/${aliceSession}`).expect(404);
    await aliceBrowser.get('/api/v1/me').expect(200);
  });
});

describe('admin actions on accounts', () => {
  it('changing a role rotates the target session: new id, new permissions, and it is audited', async () => {
    const { browser: admin, user: adminUser } = await signedInBrowser(t, 'admin');
    const target = await createUser(t);
    const targetBrowser = new Browser(t.agent());
    await targetBrowser.login(target.email, target.password);
    const [before] = await t.container.db.select<{ session_id: string }>('SELECT session_id FROM sessions WHERE user_id = ?', [target.id]);

    await admin.patch(`/api/v1/admin/users/${target.id}`, { role: 'support' }).expect(200);
    const me = await targetBrowser.get('/api/v1/me').expect(200);
    expect(me.body.role).toBe('support');
    const [after] = await t.container.db.select<{ session_id: string }>('SELECT session_id FROM sessions WHERE user_id = ?', [target.id]);
    expect(after!.session_id).not.toBe(before!.session_id);
    await targetBrowser.get(`/api/v1/admin/users/${target.id}`).expect(200); // support can read customers now

    const audit = await admin.get(`/api/v1/admin/audit-logs?event=role_changed&user_id=${target.id}`).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      event: 'role_changed',
      actorUserId: adminUser.id,
      targetUserId: target.id,
      details: { from: 'customer', to: 'support' },
    });
  });

  it('locking an account ends its sessions and refuses sign-in until unlocked; revoking sessions works', async () => {
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const target = await createUser(t);
    const targetBrowser = new Browser(t.agent());
    await targetBrowser.login(target.email, target.password);

    const locked = await admin.patch(`/api/v1/admin/users/${target.id}`, { locked: true }).expect(200);
    expect(locked.body).toMatchObject({ locked: true, disabled: true });
    await targetBrowser.get('/api/v1/me').expect(401);
    expect((await new Browser(t.agent()).login(target.email, target.password)).status).toBe(423);

    await admin.patch(`/api/v1/admin/users/${target.id}`, { locked: false }).expect(200);
    const again = new Browser(t.agent());
    expect((await again.login(target.email, target.password)).status).toBe(200);
    const revoked = await admin.post(`/api/v1/admin/users/${target.id}/sessions/revoke`).expect(200);
    expect(revoked.body.revoked).toBe(1);
    await again.get('/api/v1/me').expect(401);
  });

  it('refuses to demote the last admin, and an unknown user is 404', async () => {
    await t.container.db.execute("UPDATE users SET role_id = 'customer' WHERE role_id = 'admin'");
    const { browser: admin, user } = await signedInBrowser(t, 'admin');
    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, { role: 'customer' }).expect(409);
    expect(res.body.error.code).toBe('CONFLICT');
    await admin.patch(`/api/v1/admin/users/${SAMPLE_ID}`, { role: 'support' }).expect(404);
    await admin.patch(`/api/v1/admin/users/${user.id}`, {}).expect(400);
  });
});
