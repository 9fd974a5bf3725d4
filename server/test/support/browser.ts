import type { Role } from '@bazaar/shared';
import type request from 'supertest';
import { newId } from '../../src/lib/tokens';
import type { TestApp } from './test-app';

type Agent = ReturnType<typeof request.agent>;

/**
 * One browser: a cookie jar plus the CSRF token of its current session, sent on every
 * state-changing request the way the storefront does.
 */
export class Browser {
  csrfToken = '';
  /** The session cookie as last set, for socket.io handshakes. */
  cookie = '';
  constructor(readonly agent: Agent) {}

  /** The session's id, as the server sees it (the cookie is `s:<id>.<signature>`). */
  get sessionId(): string {
    const value = decodeURIComponent(this.cookie.slice('bazaar.sid='.length));
    return value.slice(2, value.lastIndexOf('.'));
  }

  private remember(res: { headers: Record<string, unknown> }) {
    const set = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('bazaar.sid='));
    if (set) this.cookie = set.split(';')[0]!;
  }

  async refreshCsrf(): Promise<string> {
    const res = await this.agent.get('/api/v1/auth/csrf').expect(200);
    this.remember(res);
    this.csrfToken = res.body.csrfToken as string;
    return this.csrfToken;
  }

  get(path: string) {
    return this.agent.get(path);
  }
  post(path: string, body?: object) {
    return this.agent.post(path).set('X-CSRF-Token', this.csrfToken).send(body);
  }
  patch(path: string, body?: object) {
    return this.agent.patch(path).set('X-CSRF-Token', this.csrfToken).send(body);
  }
  put(path: string, body?: object) {
    return this.agent.put(path).set('X-CSRF-Token', this.csrfToken).send(body);
  }
  delete(path: string) {
    return this.agent.delete(path).set('X-CSRF-Token', this.csrfToken);
  }

  /** Signs in; keeps the new session's CSRF token. Returns the response. */
  async login(email: string, password: string, extra: Record<string, unknown> = {}) {
    if (!this.csrfToken) await this.refreshCsrf();
    const res = await this.post('/api/v1/auth/login', { email, password, ...extra });
    this.remember(res);
    if (res.body?.csrfToken) this.csrfToken = res.body.csrfToken as string;
    return res;
  }
}

export async function guestBrowser(t: TestApp): Promise<Browser> {
  const browser = new Browser(t.agent());
  await browser.refreshCsrf();
  return browser;
}

export const TEST_PASSWORD = 'plum-orchard-velvet-42';

/** Creates an account directly (verified email, the given role) and returns its id and credentials. */
export async function createUser(t: TestApp, opts: { role?: Role; email?: string; password?: string; name?: string } = {}) {
  const id = newId();
  const email = (opts.email ?? `user-${id.slice(0, 8)}@example.com`).toLowerCase();
  const password = opts.password ?? TEST_PASSWORD;
  const hasher = t.container.accounts['d'].hasher;
  await t.container.db.execute(
    `INSERT INTO users (id, email, password_hash, name, role_id, email_verified_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
    [id, email, await hasher.hash(password), opts.name ?? 'Test User', opts.role ?? 'customer'],
  );
  return { id, email, password };
}

/** A browser signed in as a new user of the given role. */
export async function signedInBrowser(t: TestApp, role: Role = 'customer') {
  const user = await createUser(t, { role });
  const browser = new Browser(t.agent());
  const res = await browser.login(user.email, user.password);
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { browser, user };
}
