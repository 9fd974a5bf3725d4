// A real OpenID provider (oidc-provider) for the sign-in tests, run in a child process because the
// package is ESM-only. Listens on 127.0.0.1 at a random port and prints `READY <issuer>` once up.
// Configuration comes in OIDC_TEST_CONFIG (JSON): { clientId, clientSecret, redirectUris, accounts, defaultAccount? }.
// Logins are completed by the test: GET /interaction/<uid>?sub=<account> signs that fixture account in
// (or a new one described by `email`, `email_verified` and `name`); without `sub` (a real browser) the
// `defaultAccount` signs in. Consent is granted at once.
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = new Map(Object.entries(config.accounts ?? {}));

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: config.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  pkce: { required: () => true },
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider server_error: ${err.stack}\n`));

const callback = provider.callback();
server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  if (!url.pathname.startsWith('/interaction/')) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      // A real browser carries no `sub`: it signs in as the configured default account.
      if (!url.searchParams.has('sub') && config.defaultAccount) accounts.set(config.defaultAccount.sub, config.defaultAccount);
      const sub = url.searchParams.get('sub') ?? config.defaultAccount?.sub;
      if (url.searchParams.has('email')) {
        accounts.set(sub, {
          email: url.searchParams.get('email'),
          email_verified: url.searchParams.get('email_verified') === 'true',
          name: url.searchParams.get('name') ?? 'Provider User',
        });
      }
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    } else {
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    }
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err?.message ?? err));
  }
});

process.stdout.write(`READY ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
