import { signedInBrowser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

/** Another process (or an operator) ends the session in MariaDB, behind this process's back. */
const deleteSessionRows = (t: TestApp, userId: string) => t.container.db.execute('DELETE FROM sessions WHERE user_id = ?', [userId]);

describe('session read cache on (SESSION_CACHE_TTL_SECONDS > 0, the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers authenticated requests from memory once the session is cached', async () => {
    const { browser, user } = await signedInBrowser(t);
    await browser.get('/api/v1/me').expect(200);
    const before = { ...t.container.sessionStore.hits };
    for (let i = 0; i < 3; i++) await browser.get('/api/v1/me').expect(200);
    expect(t.container.sessionStore.hits).toEqual({ hit: before.hit + 3, miss: before.miss });
    // The cached copy outlives a row deleted elsewhere until its TTL: why several processes keep it short.
    await deleteSessionRows(t, user.id);
    await browser.get('/api/v1/me').expect(200);
  });
});

describe('session read cache off (SESSION_CACHE_TTL_SECONDS=0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_CACHE_TTL_SECONDS: '0' });
  });
  afterAll(() => t.close());

  it('reads every session from MariaDB, so a session ended elsewhere ends here at once', async () => {
    const { browser, user } = await signedInBrowser(t);
    for (let i = 0; i < 3; i++) await browser.get('/api/v1/me').expect(200);
    expect(t.container.sessionStore.hits).toEqual({ hit: 0, miss: 0 });
    await deleteSessionRows(t, user.id);
    expect((await browser.get('/api/v1/me').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
  });
});
