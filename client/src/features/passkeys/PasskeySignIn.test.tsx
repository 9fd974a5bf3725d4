import { screen } from '@testing-library/react';
import { CSRF_TOKEN, renderWithProviders, replyError, stubApi } from '../../test/renderWithProviders';
import { LoginPage } from '../account/LoginPage';
import { ASSERTION, closedPrompt, resetWebauthnStub, webauthnStub } from './browser-stub';
import { shopper } from '../../test/staff';

vi.mock('@simplewebauthn/browser', async (original) => (await import('./browser-stub')).stubbedBrowser(await original()));

const me = shopper();
const REQUEST_OPTIONS = { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', allowCredentials: [], userVerification: 'required' };
const signedIn = { status: 'ok', user: me, csrfToken: 'new-session-token' };

function renderLogin() {
  return renderWithProviders(<LoginPage />, {
    route: '/login?next=/account',
    path: '/login',
    routes: { '/account': <h1>Account page</h1> },
  });
}

const posts = (calls: ReturnType<typeof stubApi>) => calls.filter((c) => c.method === 'POST').map((c) => ({ path: c.path, body: c.body }));

beforeEach(resetWebauthnStub);

describe('signing in with a passkey', () => {
  it('needs no email: the server’s options go to the authenticator, its assertion back, and the shopper lands on the next page', async () => {
    webauthnStub.startAuthentication.mockResolvedValue(ASSERTION);
    const calls = stubApi({
      'POST /api/v1/auth/passkey/options': REQUEST_OPTIONS,
      'POST /api/v1/auth/passkey/verify': signedIn,
      'GET /api/v1/me': me,
    });
    const { user } = renderLogin();
    await user.click(screen.getByRole('checkbox', { name: 'Keep me signed in' }));
    await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    expect(await screen.findByRole('heading', { name: 'Account page' })).toBeInTheDocument();
    expect(webauthnStub.startAuthentication).toHaveBeenCalledWith({ optionsJSON: REQUEST_OPTIONS, useBrowserAutofill: false });
    expect(posts(calls)).toEqual([
      { path: '/api/v1/auth/passkey/options', body: undefined },
      { path: '/api/v1/auth/passkey/verify', body: { response: ASSERTION, remember: true } },
    ]);
    expect(calls.find((c) => c.path === '/api/v1/auth/passkey/verify')!.csrf).toBe(CSRF_TOKEN);
  });

  it('shows the server’s refusal, and a closed prompt as a quiet note', async () => {
    webauthnStub.startAuthentication.mockResolvedValueOnce(ASSERTION).mockRejectedValueOnce(closedPrompt());
    stubApi({
      'POST /api/v1/auth/passkey/options': REQUEST_OPTIONS,
      'POST /api/v1/auth/passkey/verify': replyError(401, {
        code: 'UNAUTHENTICATED',
        message: 'That passkey could not be used to sign in here.',
      }),
    });
    const { user } = renderLogin();
    await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That passkey could not be used to sign in here.');
    await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The passkey prompt was closed');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('offers the passkeys in the email field’s autofill where the browser can', async () => {
    webauthnStub.browserSupportsWebAuthnAutofill.mockResolvedValue(true);
    webauthnStub.startAuthentication.mockResolvedValue(ASSERTION);
    stubApi({ 'POST /api/v1/auth/passkey/options': REQUEST_OPTIONS, 'POST /api/v1/auth/passkey/verify': signedIn, 'GET /api/v1/me': me });
    renderLogin();
    expect(screen.getByLabelText('Email')).toHaveAttribute('autocomplete', 'username webauthn');
    expect(await screen.findByRole('heading', { name: 'Account page' })).toBeInTheDocument();
    expect(webauthnStub.startAuthentication).toHaveBeenCalledWith({ optionsJSON: REQUEST_OPTIONS, useBrowserAutofill: true });
  });

  it('shows no passkey button in a browser without WebAuthn', () => {
    webauthnStub.browserSupportsWebAuthn.mockReturnValue(false);
    stubApi({});
    renderLogin();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).not.toBeInTheDocument();
  });
});

describe('a passkey as the second step', () => {
  async function passwordFirst(methods: string[]) {
    const calls = stubApi({
      'POST /api/v1/auth/login': { status: 'mfa_required', csrfToken: 'pending-token', methods },
      'POST /api/v1/auth/mfa/passkey/options': { ...REQUEST_OPTIONS, allowCredentials: [{ id: 'Y3JlZC0x', type: 'public-key' }] },
      'POST /api/v1/auth/mfa/passkey/verify': signedIn,
      'GET /api/v1/me': me,
    });
    const rendered = renderLogin();
    await rendered.user.type(screen.getByLabelText('Email'), 'sam@example.com');
    await rendered.user.type(screen.getByLabelText('Password'), 'plum-orchard-velvet-42');
    await rendered.user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Two-step verification' });
    return { ...rendered, calls };
  }

  it('answers with a passkey when that is the account’s only second factor (no code field)', async () => {
    webauthnStub.startAuthentication.mockResolvedValue(ASSERTION);
    const { user, calls } = await passwordFirst(['passkey']);
    expect(screen.queryByLabelText('Code from your authenticator app')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use a passkey' }));
    expect(await screen.findByRole('heading', { name: 'Account page' })).toBeInTheDocument();
    expect(posts(calls).slice(1)).toEqual([
      { path: '/api/v1/auth/mfa/passkey/options', body: undefined },
      { path: '/api/v1/auth/mfa/passkey/verify', body: { response: ASSERTION } },
    ]);
    expect(calls.find((c) => c.path === '/api/v1/auth/mfa/passkey/verify')!.csrf).toBe('pending-token');
  });

  it('offers the code and the passkey when the account has both', async () => {
    await passwordFirst(['totp', 'passkey']);
    expect(screen.getByLabelText('Code from your authenticator app')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Verify' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Use a passkey' })).toBeInTheDocument();
  });

  it('offers only the code to an account with TOTP alone', async () => {
    await passwordFirst(['totp']);
    expect(screen.getByLabelText('Code from your authenticator app')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).not.toBeInTheDocument();
  });
});
