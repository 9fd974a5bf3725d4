import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Provider } from 'react-redux';
import { MemoryRouter } from 'react-router';
import { makeStore } from '../../app/store';
import AccountPage from './AccountPage';

vi.mock('../../api/socket', () => ({ getSocket: () => ({ on: vi.fn(), off: vi.fn(), emit: vi.fn() }), reconnectSocket: vi.fn() }));

const me = (name: string) => ({
  id: 'u1',
  email: 'sam@example.com',
  name,
  role: 'customer',
  permissions: [],
  emailVerified: true,
  mfaEnabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The server: GET /me, and PATCH /me answering with `patchAnswer` (the new profile by default). */
function serve(patchAnswer?: (body: { name: string }) => Response) {
  const patches: { body: unknown; csrf: string | null }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(String(input), init);
      const url = new URL(req.url).pathname;
      if (url === '/api/v1/auth/csrf') return json(200, { csrfToken: 'tok-9' });
      if (url === '/api/v1/me' && req.method === 'PATCH') {
        const body = (await req.json()) as { name: string };
        patches.push({ body, csrf: req.headers.get('x-csrf-token') });
        return patchAnswer ? patchAnswer(body) : json(200, me(body.name));
      }
      if (url === '/api/v1/me') return json(200, me('Sam'));
      if (url === '/api/v1/orders') return json(200, { items: [], total: 0 });
      return json(404, { error: { code: 'NOT_FOUND', message: 'no', requestId: 'r' } });
    }),
  );
  return patches;
}

async function openProfile() {
  render(
    <Provider store={makeStore()}>
      <MemoryRouter>
        <AccountPage />
      </MemoryRouter>
    </Provider>,
  );
  const user = userEvent.setup();
  await user.click(await screen.findByRole('tab', { name: 'Profile' }));
  const input = screen.getByLabelText('Display name');
  expect(input).toHaveValue('Sam');
  /** Replaces the name (pasted, as a long name would be) and presses Save. */
  const save = async (name: string) => {
    await user.clear(input);
    await user.click(input);
    await user.paste(name);
    await user.click(screen.getByRole('button', { name: 'Save' }));
  };
  return { input, save };
}

describe('Profile: edit the display name', () => {
  it('shows the shared schema’s messages inline and sends nothing while the name is blank or too long', async () => {
    const patches = serve();
    const { input, save } = await openProfile();
    await save('   ');
    expect(screen.getByText('Enter your name')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Enter your name');

    await save('x'.repeat(121));
    expect(screen.getByText('Use at most 120 characters')).toBeInTheDocument();
    expect(patches).toEqual([]);
  });

  it('saves a valid name with the CSRF token (trimmed like the server) and the page greets the new name', async () => {
    const patches = serve();
    const { input, save } = await openProfile();
    await save('  Samantha Jones ');
    expect(await screen.findByRole('heading', { name: 'Hello, Samantha Jones' })).toBeInTheDocument();
    expect(patches).toEqual([{ body: { name: 'Samantha Jones' }, csrf: 'tok-9' }]);
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it('shows the server’s field error inline when it refuses the name', async () => {
    serve(() =>
      json(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Invalid request',
          details: [{ path: 'body.name', message: 'That name is not allowed' }],
          requestId: 'r',
        },
      }),
    );
    const { save } = await openProfile();
    await save('Admin');
    expect(await screen.findByText('That name is not allowed')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Hello, Sam' })).toBeInTheDocument();
  });
});
