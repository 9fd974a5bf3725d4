import type { IdentityList } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { CSRF_TOKEN, renderWithProviders, reply, replyError, stubApi } from '../../test/renderWithProviders';
import AccountPage from './AccountPage';
import { LoginPage, RegisterPage } from './LoginPage';
import { LinkAccountPage } from './SignInWithProviders';
import { shopper } from '../../test/staff';

const me = shopper();
const providers = {
  items: [
    { id: 'google', name: 'Google' },
    { id: 'oidc', name: 'Acme ID' },
  ],
};
const ok = { status: 'ok', user: me, csrfToken: 'new-token' };

describe('sign-in and register pages', () => {
  it('offer a button per configured provider that starts its sign-in and comes back to `next`', async () => {
    stubApi({ 'GET /api/v1/auth/providers': providers });
    renderWithProviders(<LoginPage />, { route: '/login?next=%2Fcheckout' });
    const google = await screen.findByRole('link', { name: 'Sign in with Google' });
    expect(google).toHaveAttribute('href', '/api/v1/auth/oidc/google/start?returnTo=%2Fcheckout');
    expect(screen.getByRole('link', { name: 'Sign in with Acme ID' })).toHaveAttribute(
      'href',
      '/api/v1/auth/oidc/oidc/start?returnTo=%2Fcheckout',
    );
  });

  it('show no provider button when none is configured', async () => {
    const calls = stubApi({ 'GET /api/v1/auth/providers': { items: [] } });
    renderWithProviders(<RegisterPage />, { route: '/register' });
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/auth/providers')).toBe(true));
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create account' })).toBeInTheDocument();
  });

  it('register offers the providers too', async () => {
    stubApi({ 'GET /api/v1/auth/providers': providers });
    renderWithProviders(<RegisterPage />, { route: '/register' });
    expect(await screen.findByRole('link', { name: 'Sign in with Google' })).toHaveAttribute(
      'href',
      '/api/v1/auth/oidc/google/start?returnTo=%2F',
    );
  });

  it('explain why a provider sign-in was refused, and ignore an unknown reason', async () => {
    stubApi({ 'GET /api/v1/auth/providers': providers });
    const { unmount } = renderWithProviders(<LoginPage />, { route: '/login?signInError=email_not_verified' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Your provider has not verified this email address');
    unmount();
    renderWithProviders(<LoginPage />, { route: '/login?signInError=<b>made-up</b>' });
    await screen.findByRole('link', { name: 'Sign in with Google' });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('back from the provider with the MFA step left, asks for the code and sends it', async () => {
    const calls = stubApi({ 'GET /api/v1/auth/providers': providers, 'POST /api/v1/auth/mfa/verify': ok });
    const { user } = renderWithProviders(<LoginPage />, {
      route: '/login?step=mfa&next=%2Faccount',
      path: '/login',
      routes: { '/account': <p>account page</p> },
    });
    await user.type(screen.getByLabelText('Code from your authenticator app'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('account page')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/auth/mfa/verify')?.body).toEqual({ code: '123456' });
  });
});

describe('linking an existing account', () => {
  const pending = { provider: 'google', providerName: 'Google', email: 'sam@example.com' };

  it('asks for the password of the account with that email; a wrong one is shown, the right one signs in', async () => {
    let attempts = 0;
    const calls = stubApi({
      'GET /api/v1/auth/oidc/link': pending,
      'POST /api/v1/auth/oidc/link': () =>
        ++attempts === 1 ? replyError(401, { code: 'UNAUTHENTICATED', message: 'The email or password is not correct.' }) : ok,
    });
    const { user } = renderWithProviders(<LoginPage />, {
      route: '/login?step=link&next=%2Faccount',
      path: '/login',
      routes: { '/account': <p>account page</p> },
    });
    expect(await screen.findByRole('heading', { name: 'Link Google to your account' })).toBeInTheDocument();
    expect(screen.getByText(/An account with sam@example.com already exists/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Password'), 'wrong-one');
    await user.click(screen.getByRole('button', { name: 'Link and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is not correct.');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'the-right-password');
    await user.click(screen.getByRole('button', { name: 'Link and sign in' }));
    expect(await screen.findByText('account page')).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/auth/oidc/link');
    expect(posts.map((c) => c.body)).toEqual([{ password: 'wrong-one' }, { password: 'the-right-password' }]);
    expect(posts[0]!.csrf).toBe(CSRF_TOKEN);
  });

  it('goes on to the MFA step when the account has two-step verification', async () => {
    stubApi({
      'GET /api/v1/auth/oidc/link': pending,
      'POST /api/v1/auth/oidc/link': { status: 'mfa_required', csrfToken: 'half-token', methods: ['totp'] },
    });
    const { user } = renderWithProviders(<LoginPage />, { route: '/login?step=link' });
    await user.type(await screen.findByLabelText('Password'), 'the-right-password');
    await user.click(screen.getByRole('button', { name: 'Link and sign in' }));
    expect(await screen.findByLabelText('Code from your authenticator app')).toBeInTheDocument();
  });

  it('can email a link instead', async () => {
    const calls = stubApi({
      'GET /api/v1/auth/oidc/link': pending,
      'POST /api/v1/auth/oidc/link/email': () => reply(202, { status: 'accepted' }),
    });
    const { user } = renderWithProviders(<LoginPage />, { route: '/login?step=link' });
    await user.click(await screen.findByRole('button', { name: 'Email me a link instead' }));
    expect(await screen.findByRole('status')).toHaveTextContent('We sent a link to sam@example.com');
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/auth/oidc/link/email')).toBe(true);
  });

  it('says so when the pending sign-in has expired', async () => {
    stubApi({ 'GET /api/v1/auth/oidc/link': replyError(404, { code: 'NOT_FOUND', message: 'gone' }) });
    renderWithProviders(<LoginPage />, { route: '/login?step=link' });
    expect(await screen.findByRole('alert')).toHaveTextContent('This sign-in has expired');
  });

  it('the emailed link confirms with its token and says what was linked', async () => {
    const calls = stubApi({ 'POST /api/v1/auth/oidc/link/confirm': { providerName: 'Google', email: 'sam@example.com' } });
    renderWithProviders(<LinkAccountPage />, { route: '/link-account?token=sealed-token-value' });
    expect(await screen.findByText('Google is now linked to sam@example.com. Sign in with it any time.')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/auth/oidc/link/confirm')?.body).toEqual({ token: 'sealed-token-value' });
  });
});

describe('sign-in methods on the account page', () => {
  const identity = (canUnlink: boolean) => ({
    id: '6f1c2d9e-8a3b-4c5d-9e0f-1a2b3c4d5e6f',
    provider: 'google' as const,
    providerName: 'Google',
    email: 'sam@gmail.com',
    linkedAt: '2026-11-01T00:00:00.000Z',
    canUnlink,
  });

  async function openSecurity(list: IdentityList, extra: Parameters<typeof stubApi>[0] = {}) {
    const calls = stubApi({
      'GET /api/v1/me': me,
      'GET /api/v1/orders': { items: [], page: 1, limit: 50, total: 0 },
      'GET /api/v1/me/sessions': { items: [] },
      'GET /api/v1/me/identities': list,
      ...extra,
    });
    const rendered = renderWithProviders(<AccountPage />, { route: '/account' });
    await rendered.user.click(await screen.findByRole('tab', { name: 'Security' }));
    expect(await screen.findByRole('heading', { name: 'Sign-in methods' })).toBeInTheDocument();
    return { calls, user: rendered.user };
  }

  it('an account made by a provider: no unlink for its only way in, and a first password without the current one', async () => {
    const { calls, user } = await openSecurity(
      { hasPassword: false, items: [identity(false)] },
      { 'POST /api/v1/me/password': () => reply(204) },
    );
    expect(screen.getByText('Google (sam@gmail.com)')).toBeInTheDocument();
    expect(screen.getByText('Your only way to sign in')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Unlink Google' })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Set a password (at least 12 characters)'), 'a-long-new-password');
    await user.click(screen.getByRole('button', { name: 'Set a password' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/me/password')?.body).toEqual({
        newPassword: 'a-long-new-password',
      }),
    );
  });

  it('shows the server’s refusal of a weak first password', async () => {
    const { user } = await openSecurity(
      { hasPassword: false, items: [identity(false)] },
      {
        'POST /api/v1/me/password': replyError(400, {
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid.',
          details: [{ path: 'newPassword', message: 'This password is too common; choose another.' }],
        }),
      },
    );
    await user.type(screen.getByLabelText('Set a password (at least 12 characters)'), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Set a password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This password is too common; choose another.');
  });

  it('an account with a password unlinks a provider', async () => {
    const { calls, user } = await openSecurity(
      { hasPassword: true, items: [identity(true)] },
      { 'DELETE /api/v1/me/identities/6f1c2d9e-8a3b-4c5d-9e0f-1a2b3c4d5e6f': () => reply(204) },
    );
    expect(screen.queryByLabelText('Set a password (at least 12 characters)')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Unlink Google' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.path.startsWith('/api/v1/me/identities/'))).toBe(true));
  });
});
