import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

/** WEBHOOK_ALLOW_PRIVATE is off (the default): only https endpoints on public addresses. */
let t: TestApp;
let admin: Browser;
const receiver = new WebhookReceiver();
beforeAll(async () => {
  await receiver.start();
  t = await createTestApp({ WEBHOOK_TIMEOUT_MS: '2000' });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(async () => {
  await t.close();
  await receiver.stop();
});

const subscribe = (url: string) => admin.post('/api/v1/admin/webhooks', { url, events: ['order.paid'] });
const count = async () => Number((await t.container.db.select<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_endpoints'))[0]!.n);

describe('webhook endpoints and private addresses', () => {
  it.each([
    ['http, not https', 'http://93.184.216.34/hook', /https/],
    ['localhost', 'https://localhost/hook', /loopback/],
    ['IPv4 loopback', 'https://127.0.0.1:8443/hook', /loopback/],
    ['IPv6 loopback', 'https://[::1]/hook', /loopback/],
    ['an IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hook', /loopback/],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data', /metadata/],
    ['the IPv6 metadata address', 'https://[fd00:ec2::254]/', /metadata/],
    ['link-local', 'https://169.254.10.10/', /linkLocal/],
    ['RFC 1918 (10/8)', 'https://10.0.0.1/hook', /private/],
    ['RFC 1918 (192.168/16)', 'https://192.168.1.20/hook', /private/],
    ['a ULA', 'https://[fd12:3456::1]/hook', /uniqueLocal/],
    ['CGNAT', 'https://100.64.0.1/hook', /carrierGradeNat/],
    ['unspecified', 'https://0.0.0.0/hook', /unspecified/],
    ['credentials in the URL', 'https://user:pass@93.184.216.34/hook', /credentials/],
  ])('refuses %s with 400 and stores nothing', async (_what, url, why) => {
    const before = await count();
    const res = await subscribe(url).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details[0]).toMatchObject({ path: 'url', message: expect.stringMatching(why) });
    expect(await count()).toBe(before);
  });

  it('accepts an https URL on a public address, and refuses changing it to a private one', async () => {
    const created = (await subscribe('https://93.184.216.34/hook').expect(201)).body;
    await admin.patch(`/api/v1/admin/webhooks/${created.id}`, { url: 'https://10.1.2.3/hook' }).expect(400);
    expect((await admin.get(`/api/v1/admin/webhooks/${created.id}`).expect(200)).body.url).toBe('https://93.184.216.34/hook');
    await admin.delete(`/api/v1/admin/webhooks/${created.id}`).expect(204);
  });

  it('checks the address again at connect: a name that resolves to loopback by delivery time is not called', async () => {
    // As if the name had resolved to a public address at subscription and was rebound to 127.0.0.1 since.
    const created = (await subscribe('https://93.184.216.34/hook').expect(201)).body;
    await t.container.db.execute('UPDATE webhook_endpoints SET url = ? WHERE id = ?', [
      `https://localhost:${receiver.port}/rebound`,
      created.id,
    ]);
    await admin.post(`/api/v1/admin/webhooks/${created.id}/ping`, {}).expect(202);
    await t.runJobs();
    const [delivery] = (await admin.get(`/api/v1/admin/webhooks/${created.id}/deliveries`).expect(200)).body.items;
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts[0]).toMatchObject({
      responseStatus: null,
      error: expect.stringMatching(/is not allowed.*private IP address/),
    });
    expect(receiver.at('/rebound')).toHaveLength(0);

    // And plain http is not sent at all with the flag off.
    await t.container.db.execute('UPDATE webhook_endpoints SET url = ? WHERE id = ?', [receiver.url('/plain'), created.id]);
    await t.container.db.execute("UPDATE webhook_deliveries SET status = 'failed' WHERE endpoint_id = ?", [created.id]);
    await admin.post(`/api/v1/admin/webhooks/${created.id}/ping`, {}).expect(202);
    await t.runJobs();
    const [plain] = (await admin.get(`/api/v1/admin/webhooks/${created.id}/deliveries`).expect(200)).body.items;
    expect(plain.attempts[0].error).toMatch(/must use https/);
    expect(receiver.at('/plain')).toHaveLength(0);
  });
});
