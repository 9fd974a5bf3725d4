import type { Passkey } from '@bazaar/shared';
import { screen, within } from '@testing-library/react';
import { CSRF_TOKEN, renderWithProviders, replyError, stubApi, type StubCall } from '../../test/renderWithProviders';
import { closedPrompt, REGISTRATION, resetWebauthnStub, webauthnStub } from './browser-stub';
import { PasskeysPanel } from './PasskeysPanel';

vi.mock('@simplewebauthn/browser', async (original) => (await import('./browser-stub')).stubbedBrowser(await original()));

const passkey = (id: string, name: string): Passkey => ({
  id,
  name,
  deviceType: 'multiDevice',
  backedUp: true,
  transports: ['internal'],
  createdAt: '2026-12-01T10:00:00.000Z',
  lastUsedAt: null,
});
const CREATION_OPTIONS = {
  rp: { name: 'Bazaar', id: 'localhost' },
  user: { id: 'dTE', name: 'sam@example.com', displayName: 'Sam' },
  challenge: 'Y2hhbGxlbmdl',
  pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
  authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
};

/** The server: the list (as it changes), the options, and adding, renaming and removing. */
function serve(initial: Passkey[], answers: { remove?: () => Response } = {}) {
  let list = [...initial];
  const calls = stubApi({
    'GET /api/v1/me/passkeys': () => ({ items: list }),
    'POST /api/v1/me/passkeys/options': CREATION_OPTIONS,
    'POST /api/v1/me/passkeys': ({ body }) => {
      const added = passkey('00000000-0000-4000-8000-000000000009', (body as { name: string }).name);
      list = [...list, added];
      return added;
    },
    'PATCH /api/v1/me/passkeys/00000000-0000-4000-8000-000000000001': ({ body }) => {
      list = list.map((p) => (p.id.endsWith('1') ? { ...p, name: (body as { name: string }).name } : p));
      return list[0]!;
    },
    'DELETE /api/v1/me/passkeys/00000000-0000-4000-8000-000000000001': () => {
      if (answers.remove) return answers.remove();
      list = list.filter((p) => !p.id.endsWith('1'));
      return new Response(null, { status: 204 });
    },
  });
  const sent = (method: string) => calls.filter((c: StubCall) => c.method === method && c.path.startsWith('/api/v1/me/passkeys'));
  return { calls, sent };
}

const LAPTOP = passkey('00000000-0000-4000-8000-000000000001', 'Laptop');

beforeEach(resetWebauthnStub);

describe('Passkeys on the account page', () => {
  it('adds a named passkey: the server’s options go to the authenticator and its answer back with the name', async () => {
    webauthnStub.startRegistration.mockResolvedValue(REGISTRATION);
    const { sent } = serve([]);
    const { user } = renderWithProviders(<PasskeysPanel />);
    expect(await screen.findByText('No passkeys yet.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Name for a new passkey'), '  Work laptop ');
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Passkey “Work laptop” added.');
    expect(webauthnStub.startRegistration).toHaveBeenCalledWith({ optionsJSON: CREATION_OPTIONS });
    const post = sent('POST').find((c) => c.path === '/api/v1/me/passkeys')!;
    expect(post.body).toEqual({ name: 'Work laptop', response: REGISTRATION });
    expect(post.csrf).toBe(CSRF_TOKEN);
    const list = await screen.findByRole('list', { name: 'Your passkeys' });
    expect(within(list).getByText('Work laptop')).toBeInTheDocument();
    expect(screen.getByLabelText('Name for a new passkey')).toHaveValue('');
  });

  it('asks for a name first, and says so quietly when the prompt is closed (nothing is stored)', async () => {
    webauthnStub.startRegistration.mockRejectedValue(closedPrompt());
    const { sent } = serve([]);
    const { user } = renderWithProviders(<PasskeysPanel />);
    await user.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    expect(screen.getByText('Give the passkey a name')).toBeInTheDocument();
    expect(webauthnStub.startRegistration).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Name for a new passkey'), 'Phone');
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The passkey prompt was closed');
    expect(sent('POST').map((c) => c.path)).toEqual(['/api/v1/me/passkeys/options']);
  });

  it('renames a passkey', async () => {
    const { sent } = serve([LAPTOP]);
    const { user } = renderWithProviders(<PasskeysPanel />);
    await user.click(await screen.findByRole('button', { name: 'Rename Laptop' }));
    const input = screen.getByLabelText('New name');
    await user.clear(input);
    await user.type(input, 'Old laptop');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Old laptop')).toBeInTheDocument();
    expect(sent('PATCH').map((c) => c.body)).toEqual([{ name: 'Old laptop' }]);
  });

  it('removes a passkey only after the confirmation', async () => {
    const { sent } = serve([LAPTOP]);
    const { user } = renderWithProviders(<PasskeysPanel />);
    await user.click(await screen.findByRole('button', { name: 'Remove Laptop' }));
    const confirm = screen.getByRole('group', { name: 'Confirm removal' });
    expect(confirm).toHaveTextContent('Remove “Laptop”? You can no longer sign in with it.');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(sent('DELETE')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Remove Laptop' }));
    await user.click(screen.getByRole('button', { name: 'Remove passkey' }));
    expect(await screen.findByText('No passkeys yet.')).toBeInTheDocument();
    expect(sent('DELETE').map((c) => c.path)).toEqual(['/api/v1/me/passkeys/00000000-0000-4000-8000-000000000001']);
  });

  it('shows why the server keeps the last passkey of an account without a password', async () => {
    const message = 'This passkey is the only way to sign in to this account: add another passkey first.';
    serve([LAPTOP], { remove: () => replyError(409, { code: 'CONFLICT', message }) });
    const { user } = renderWithProviders(<PasskeysPanel />);
    await user.click(await screen.findByRole('button', { name: 'Remove Laptop' }));
    await user.click(screen.getByRole('button', { name: 'Remove passkey' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByText('Laptop')).toBeInTheDocument();
  });

  it('lists passkeys but offers no adding in a browser without WebAuthn', async () => {
    webauthnStub.browserSupportsWebAuthn.mockReturnValue(false);
    serve([LAPTOP]);
    renderWithProviders(<PasskeysPanel />);
    expect(await screen.findByText('Laptop')).toBeInTheDocument();
    expect(screen.getByText('This browser cannot use passkeys.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add a passkey' })).not.toBeInTheDocument();
  });
});
