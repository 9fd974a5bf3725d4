import { screen } from '@testing-library/react';
import { CSRF_TOKEN, renderWithProviders, replyError, stubApi } from '../../test/renderWithProviders';
import AccountPage from './AccountPage';
import { shopper } from '../../test/staff';

const me = (name: string) => shopper({ name });

/** The server: GET /me, and PATCH /me answering with `patchAnswer` (the new profile by default). */
function serve(patchAnswer?: (body: { name: string }) => Response) {
  const calls = stubApi({
    'GET /api/v1/me': me('Sam'),
    'GET /api/v1/orders': { items: [], page: 1, limit: 50, total: 0 },
    'PATCH /api/v1/me': ({ body }) => (patchAnswer ? patchAnswer(body as { name: string }) : me((body as { name: string }).name)),
  });
  return {
    patches: () => calls.filter((c) => c.method === 'PATCH' && c.path === '/api/v1/me').map(({ body, csrf }) => ({ body, csrf })),
  };
}

async function openProfile() {
  const { user } = renderWithProviders(<AccountPage />, { route: '/account' });
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
    const { patches } = serve();
    const { input, save } = await openProfile();
    await save('   ');
    expect(screen.getByText('Enter your name')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Enter your name');

    await save('x'.repeat(121));
    expect(screen.getByText('Use at most 120 characters')).toBeInTheDocument();
    expect(patches()).toEqual([]);
  });

  it('saves a valid name with the CSRF token (trimmed like the server) and the page greets the new name', async () => {
    const { patches } = serve();
    const { input, save } = await openProfile();
    await save('  Samantha Jones ');
    expect(await screen.findByRole('heading', { name: 'Hello, Samantha Jones' })).toBeInTheDocument();
    expect(patches()).toEqual([{ body: { name: 'Samantha Jones' }, csrf: CSRF_TOKEN }]);
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it('shows the server’s field error inline when it refuses the name', async () => {
    serve(() =>
      replyError(400, {
        code: 'VALIDATION_FAILED',
        message: 'Invalid request',
        details: [{ path: 'body.name', message: 'That name is not allowed' }],
      }),
    );
    const { save } = await openProfile();
    await save('Admin');
    expect(await screen.findByText('That name is not allowed')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Hello, Sam' })).toBeInTheDocument();
  });
});
