import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A provider account: what the provider will say about the person signing in. */
export interface ProviderAccount {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  /**
   * Plays the shopper at the provider: follows the redirects from our authorization URL (with the
   * provider's cookies) through login and consent, and answers the URL the provider sends the shopper
   * back to (our callback, with `code`, `state` and `iss`).
   */
  signIn(authorizationUrl: string, account: ProviderAccount): Promise<URL>;
  stop(): Promise<void>;
}

/** Starts test/support/oidc-provider-server.mjs (a real `oidc-provider`) on 127.0.0.1 at a random port. */
export async function startOidcProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Who signs in when the interaction carries no account (a real browser): `{ sub, email, email_verified, name }`. */
  defaultAccount?: { sub: string; email: string; email_verified: boolean; name: string };
  /** Fixture accounts by subject, as the provider's `findAccount` returns them. */
  accounts?: Record<string, { email: string; email_verified: boolean; name: string }>;
}): Promise<TestOidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-server.mjs')], {
    env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify({ accounts: {}, ...opts }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test OpenID provider did not start: ${stderr}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      const ready = /READY (\S+)/.exec(d.toString());
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the test OpenID provider exited (${code}): ${stderr}`)));
  });

  async function signIn(authorizationUrl: string, account: ProviderAccount): Promise<URL> {
    const jar = new Map<string, string>(); // one shopper's cookies at the provider, fresh each sign-in
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 12; hop++) {
      if (url.origin !== issuer) return url;
      if (url.pathname.startsWith('/interaction/')) {
        url.searchParams.set('sub', account.sub);
        if (account.email !== undefined) {
          url.searchParams.set('email', account.email);
          url.searchParams.set('email_verified', String(account.emailVerified ?? true));
          url.searchParams.set('name', account.name ?? 'Provider Shopper');
        }
      }
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const cookie of res.headers.getSetCookie()) {
        const pair = cookie.split(';')[0]!;
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${await res.text()}`);
      url = new URL(location, url);
    }
    throw new Error('too many redirects at the provider');
  }

  return {
    issuer,
    signIn,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A loopback port that nothing listens on (for "the provider is down"). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
