import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DEFAULT_DATABASE_URL, ENV_VARIABLES, loadConfig } from './config';
import { REPO_ROOT } from './paths';

const tmpDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-config-'));

describe('loadConfig', () => {
  it('works with no configuration at all, using documented defaults', () => {
    const { config, warnings } = loadConfig({ DATA_DIR: tmpDataDir() });
    expect(config.http.port).toBe(3000);
    expect(config.db.url).toBe(DEFAULT_DATABASE_URL);
    expect(config.db.isDefaultUrl).toBe(true);
    expect(config.db.poolMin).toBe(5);
    expect(config.db.poolMax).toBe(20);
    expect(config.rateLimitEnabled).toBe(true);
    expect(config.worker).toBe(true);
    expect(warnings.map((w) => w.variable).sort()).toEqual(['MFA_ENCRYPTION_KEY', 'SESSION_SECRET']);
  });

  it('generates missing secrets once into DATA_DIR and reuses them', () => {
    const dir = tmpDataDir();
    const first = loadConfig({ DATA_DIR: dir }).config;
    const second = loadConfig({ DATA_DIR: dir }).config;
    expect(first.secrets.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.secrets.sessionSecret).toBe(first.secrets.sessionSecret);
    expect(second.secrets.mfaEncryptionKey.toString('hex')).toBe(first.secrets.mfaEncryptionKey.toString('hex'));
    expect(first.secrets.mfaEncryptionKey).toHaveLength(32);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('names every offending variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'loud', COOKIE_SECURE: 'maybe', DATA_DIR: tmpDataDir() });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/^Invalid configuration: /);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'COOKIE_SECURE']) expect(message).toContain(name);
    expect(message).not.toContain('\n');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('refuses to start in production without the real secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmpDataDir() })).toThrow(
      /SESSION_SECRET is required when NODE_ENV=production; MFA_ENCRYPTION_KEY is required/,
    );
  });

  it('refuses half a Stripe set-up in production (the card form needs both keys)', () => {
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      MFA_ENCRYPTION_KEY: 'a'.repeat(64),
      DATA_DIR: tmpDataDir(),
    };
    expect(() => loadConfig({ ...production, STRIPE_SECRET_KEY: 'sk_live_x' })).toThrow(
      /STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must be set together/,
    );
    expect(() => loadConfig({ ...production, STRIPE_PUBLISHABLE_KEY: 'pk_live_x' })).toThrow(
      /STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must be set together/,
    );
    expect(
      loadConfig({ ...production, STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_PUBLISHABLE_KEY: 'pk_live_x' }).config.stripe.publishableKey,
    ).toBe('pk_live_x');
    expect(loadConfig({ ...production }).config.stripe).toEqual({});
  });

  it('rejects a pool whose minimum exceeds its maximum', () => {
    expect(() => loadConfig({ DB_POOL_MIN: '30', DB_POOL_MAX: '10', DATA_DIR: tmpDataDir() })).toThrow(/DB_POOL_MIN/);
  });

  it('treats empty values as unset and freezes the result', () => {
    const { config } = loadConfig({
      PORT: '',
      DATABASE_URL: '',
      SESSION_SECRET: 'x'.repeat(40),
      MFA_ENCRYPTION_KEY: 'a'.repeat(64),
      DATA_DIR: tmpDataDir(),
    });
    expect(config.http.port).toBe(3000);
    expect(config.db.isDefaultUrl).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow();
  });

  it('parses TRUST_PROXY as boolean, hop count or address list', () => {
    const dir = tmpDataDir();
    expect(loadConfig({ TRUST_PROXY: 'true', DATA_DIR: dir }).config.http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2', DATA_DIR: dir }).config.http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback', DATA_DIR: dir }).config.http.trustProxy).toBe('loopback');
  });
});

describe('.env.example', () => {
  it('documents every variable the config reads', () => {
    const example = fs.readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(ENV_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
