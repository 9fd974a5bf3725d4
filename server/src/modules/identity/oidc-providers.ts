import { custom, errors, generators, Issuer, type Client } from 'openid-client';
import type { AuthProvider, AuthProviderId, OidcFailure } from '@bazaar/shared';
import type { OidcProviderConfig } from '../../config/config';
import { notFound, serviceUnavailable } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

// Discovery, token and userinfo requests give up after 5 s: a provider that hangs is a provider down.
custom.setHttpOptionsDefaults({ timeout: 5000 });

/** A sign-in with a provider that ends without a user, for a reason the shopper is told. */
export class OidcFailureError extends Error {
  constructor(
    readonly reason: OidcFailure,
    detail?: string,
  ) {
    super(detail ?? reason);
    this.name = 'OidcFailureError';
  }
}

/** The secrets of one authorization request, kept in the shopper's session until the callback. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** What the provider vouches for, read from the validated ID token (and userinfo when the token leaves them out). */
export interface ProviderClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

const SCOPE = 'openid email profile';

/**
 * The configured OpenID Connect providers, each discovered on first use and then kept (a failed
 * discovery is retried by the next request). Only the claims leave this class: access, refresh and
 * ID tokens are dropped once read, since the shop never calls the provider on the shopper's behalf.
 */
export class OidcProviders {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(
    private readonly providers: readonly OidcProviderConfig[],
    /** The callback URL registered with the provider, per provider. */
    readonly redirectUri: (provider: AuthProviderId) => string,
    private readonly logger: Logger,
  ) {}

  list(): AuthProvider[] {
    return this.providers.map((p) => ({ id: p.id, name: p.name }));
  }

  config(provider: string): OidcProviderConfig {
    const found = this.providers.find((p) => p.id === provider);
    if (!found) throw notFound('That sign-in provider');
    return found;
  }

  private client(provider: AuthProviderId): Promise<Client> {
    const cached = this.clients.get(provider);
    if (cached) return cached;
    const p = this.config(provider);
    const client = Issuer.discover(p.issuer).then(
      (issuer) =>
        new issuer.Client({
          client_id: p.clientId,
          client_secret: p.clientSecret,
          redirect_uris: [this.redirectUri(provider)],
          response_types: ['code'],
        }),
      (err: unknown) => {
        this.clients.delete(provider);
        this.logger.warn({ err, provider, issuer: p.issuer }, 'OpenID Connect discovery failed');
        throw serviceUnavailable(`${p.name} sign-in is not available right now. Please try again later.`, 30);
      },
    );
    this.clients.set(provider, client);
    return client;
  }

  /** The provider's authorization URL (code flow with PKCE S256, state and nonce) and the checks to keep. */
  async authorizationRequest(provider: AuthProviderId): Promise<{ url: string; checks: AuthorizationChecks }> {
    const client = await this.client(provider);
    const checks = { state: generators.state(), nonce: generators.nonce(), codeVerifier: generators.codeVerifier() };
    const url = client.authorizationUrl({
      scope: SCOPE,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: generators.codeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /**
   * Exchanges the code (with the PKCE verifier) and validates the ID token: signature, issuer,
   * audience, expiry, and the nonce and state this session sent.
   */
  async claims(provider: AuthProviderId, params: Record<string, string>, checks: AuthorizationChecks): Promise<ProviderClaims> {
    let client: Client;
    try {
      client = await this.client(provider);
    } catch {
      throw new OidcFailureError('provider_unavailable');
    }
    try {
      const tokens = await client.callback(this.redirectUri(provider), params, {
        state: checks.state,
        nonce: checks.nonce,
        code_verifier: checks.codeVerifier,
        response_type: 'code',
      });
      let claims: Record<string, unknown> = tokens.claims();
      // Conformant providers may keep email in userinfo only; openid-client checks its `sub` against the token's.
      if (claims.email === undefined && tokens.access_token) claims = { ...(await client.userinfo(tokens)), ...claims };
      return {
        subject: String(claims.sub),
        email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
        emailVerified: claims.email_verified === true || claims.email_verified === 'true',
        name: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 120) : null,
      };
    } catch (err) {
      if (err instanceof OidcFailureError) throw err;
      if (err instanceof errors.OPError || err instanceof errors.RPError) {
        this.logger.info({ provider, reason: err.message }, 'OpenID Connect callback refused');
        throw new OidcFailureError('provider_refused', err.message);
      }
      this.logger.warn({ err, provider }, 'OpenID Connect provider unreachable at the callback');
      throw new OidcFailureError('provider_unavailable');
    }
  }
}
