import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, GOOGLE_ISSUER, loadConfig } from './config';

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-oidc-')), ...env }).config;

describe('OpenID Connect providers in the configuration', () => {
  it('has none unless configured', () => {
    expect(load({}).oidcProviders).toEqual([]);
  });

  it('turns Google and the generic provider on from their variables', () => {
    const config = load({
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      OIDC_ISSUER: 'https://id.example.com/realms/shop',
      OIDC_CLIENT_ID: 'o-id',
      OIDC_CLIENT_SECRET: 'o-secret',
      OIDC_NAME: 'Example ID',
    });
    expect(config.oidcProviders).toEqual([
      { id: 'google', name: 'Google', issuer: GOOGLE_ISSUER, clientId: 'g-id', clientSecret: 'g-secret' },
      { id: 'oidc', name: 'Example ID', issuer: 'https://id.example.com/realms/shop', clientId: 'o-id', clientSecret: 'o-secret' },
    ]);
  });

  it('refuses half a set-up, naming what is missing', () => {
    expect(() => load({ GOOGLE_CLIENT_ID: 'g-id' })).toThrow(ConfigError);
    expect(() => load({ GOOGLE_CLIENT_ID: 'g-id' })).toThrow(/GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together/);
    expect(() => load({ OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'o-id' })).toThrow(
      /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together/,
    );
    expect(() => load({ OIDC_ISSUER: 'ftp://id.example.com', OIDC_CLIENT_ID: 'o', OIDC_CLIENT_SECRET: 's' })).toThrow(/OIDC_ISSUER/);
  });
});
