import type { SessionInfo } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../test/dialogs';
import { renderWithProviders, reply, replyError, stubApi, type StubCall } from '../../test/renderWithProviders';
import { ASSERTION, resetWebauthnStub, webauthnStub } from '../passkeys/browser-stub';
import AccountPage from './AccountPage';
import { ReauthDialog } from './ReauthDialog';
import { shopper } from '../../test/staff';

vi.mock('@simplewebauthn/browser', async (original) => (await import('../passkeys/browser-stub')).stubbedBrowser(await original()));
beforeEach(resetWebauthnStub);

const me = shopper();

const session = (over: Partial<SessionInfo>): SessionInfo => ({
  id: 'session-aaaaaaaaaaaaaaaa',
  current: true,
  network: '203.0.113.0/24',
  device: 'Chrome on Linux',
  changed: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  lastSeenAt: '2026-12-01T11:00:00.000Z',
  ...over,
});

const PASSKEY_OPTIONS = { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', allowCredentials: [], userVerification: 'required' };
const SETUP = { otpauthUrl: 'otpauth://totp/Bazaar:sam', qrCodeDataUrl: 'data:image/png;base64,AA==', secret: 'JBSWY3DPEHPK3PXP' };
const refusal = () => replyError(403, { code: 'REAUTH_REQUIRED', message: 'For your security, enter your password again to continue.' });

/**
 * The server: the MFA set-up (a sensitive action) is refused until /auth/reauth accepted the
 * password; `reauth` decides each /auth/reauth answer.
 */
function serve(reauth: (call: StubCall) => Response, sessions: SessionInfo[] = [session({})]) {
  let proved = false;
  const calls = stubApi({
    'GET /api/v1/me': me,
    'GET /api/v1/orders': { items: [], page: 1, limit: 50, total: 0 },
    'GET /api/v1/me/sessions': { items: sessions },
    'POST /api/v1/me/mfa/setup': () => (proved ? SETUP : refusal()),
    'POST /api/v1/auth/reauth': (call) => {
      const answer = reauth(call);
      if (answer.status === 204) proved = true;
      return answer;
    },
    'POST /api/v1/auth/reauth/passkey/options': PASSKEY_OPTIONS,
    'POST /api/v1/auth/reauth/passkey/verify': (call) => {
      const answer = reauth(call);
      if (answer.status === 204) proved = true;
      return answer;
    },
  });
  const of = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);
  return { setups: () => of('POST', '/api/v1/me/mfa/setup'), reauths: () => of('POST', '/api/v1/auth/reauth') };
}

async function openSecurity() {
  const rendered = renderWithProviders(
    <>
      <AccountPage />
      <ReauthDialog />
    </>,
    { route: '/account' },
  );
  await rendered.user.click(await screen.findByRole('tab', { name: 'Security' }));
  return rendered;
}

describe('the re-authentication dialog', () => {
  withModalDialogs();

  it('asks for the password when a sensitive action is refused, then sends the action again', async () => {
    const server = serve(({ body }) =>
      (body as { password: string }).password === 'right-password'
        ? reply(204)
        : replyError(401, { code: 'UNAUTHENTICATED', message: 'The password is not correct.' }),
    );
    const { user } = await openSecurity();
    await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));

    const dialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    await user.type(within(dialog).getByLabelText('Password'), 'wrong-password');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The password is not correct.');
    expect(server.setups()).toHaveLength(1); // not sent again on a wrong password

    await user.clear(within(dialog).getByLabelText('Password'));
    await user.type(within(dialog).getByLabelText('Password'), 'right-password');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));

    expect(await screen.findByText('Or type this key: JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.setups()).toHaveLength(2);
    expect(server.reauths().map((c) => c.body)).toEqual([{ password: 'wrong-password' }, { password: 'right-password' }]);
    expect(server.reauths().every((c) => c.csrf)).toBe(true);
  });

  it('asks for the authenticator code as well when the server says the account needs one', async () => {
    const server = serve(({ body }) =>
      (body as { code?: string }).code === '123456'
        ? reply(204)
        : replyError(401, { code: 'MFA_REQUIRED', message: 'Enter the code from your authenticator app as well.' }),
    );
    const { user } = await openSecurity();
    await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    expect(within(dialog).queryByLabelText('Code from your authenticator app')).not.toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Password'), 'right-password');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));

    await user.type(await within(dialog).findByLabelText('Code from your authenticator app'), '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Or type this key: JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    expect(server.reauths().at(-1)!.body).toEqual({ password: 'right-password', code: '123456' });
  });

  it('takes one of the account’s passkeys instead of the password', async () => {
    webauthnStub.startAuthentication.mockResolvedValue(ASSERTION);
    const server = serve(({ path }) =>
      path === '/api/v1/auth/reauth/passkey/verify' ? reply(204) : replyError(401, { code: 'UNAUTHENTICATED', message: 'No.' }),
    );
    const { user } = await openSecurity();
    await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    await user.click(within(dialog).getByRole('button', { name: 'Use a passkey instead' }));

    expect(await screen.findByText('Or type this key: JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    expect(webauthnStub.startAuthentication).toHaveBeenCalledWith(expect.objectContaining({ optionsJSON: PASSKEY_OPTIONS }));
    expect(server.setups()).toHaveLength(2);
    expect(server.reauths()).toHaveLength(0); // no password was sent
  });

  it('leaves the action refused when cancelled, without asking the server', async () => {
    const server = serve(() => reply(204));
    const { user } = await openSecurity();
    await user.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.reauths()).toHaveLength(0);
    expect(server.setups()).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Set up an authenticator app' })).toBeInTheDocument();
  });
});

describe('the sessions list', () => {
  it('shows each session’s device family and network, and when one was used from elsewhere', async () => {
    serve(
      () => reply(204),
      [
        session({}),
        session({
          id: 'session-bbbbbbbbbbbbbbbb',
          current: false,
          network: '2001:db8:1234::/48',
          device: 'Firefox on Windows',
          changed: { network: '198.51.100.0/24', device: 'Firefox on Windows', at: '2026-12-01T12:00:00.000Z' },
        }),
      ],
    );
    await openSecurity();
    const list = await screen.findByText(/Chrome on Linux · 203\.0\.113\.0\/24/);
    expect(list).toHaveTextContent('(this device)');
    expect(screen.getByText(/Firefox on Windows · 2001:db8:1234::\/48/)).toBeInTheDocument();
    expect(screen.getByText(/Later used from Firefox on Windows on 198\.51\.100\.0\/24/)).toBeInTheDocument();
  });
});
