import type { ApiKey, ApiKeyCreated } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../../test/dialogs';
import { renderWithProviders, replyError, stubApi } from '../../../test/renderWithProviders';
import { staffMember } from '../../../test/staff';
import ApiKeysPage, { expiryFromInput } from './ApiKeysPage';

const active: ApiKey = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: 'ERP export',
  prefix: 'bzk_abcd2345',
  permissions: ['orders:read'],
  createdBy: { id: 'u1', email: 'staff@example.com' },
  createdAt: '2026-12-04T10:00:00.000Z',
  expiresAt: null,
  lastUsedAt: '2026-12-05T08:30:00.000Z',
  lastUsedIp: '203.0.113.7',
  revokedAt: null,
  status: 'active',
};
const revoked: ApiKey = {
  ...active,
  id: '00000000-0000-4000-8000-0000000000a2',
  name: 'Old feed',
  prefix: 'bzk_zzzz7777',
  lastUsedAt: null,
  lastUsedIp: null,
  revokedAt: '2026-12-04T12:00:00.000Z',
  status: 'revoked',
};
const page = (items: ApiKey[]) => ({ items, page: 1, limit: 24, total: items.length });
const SECRET = 'bzk_newk2345_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3c';

describe('ApiKeysPage', () => {
  withModalDialogs();

  it('lists keys by prefix with their permissions, creator and last use; only a working key can be revoked', async () => {
    stubApi({ 'GET /api/v1/me': staffMember(['settings:write']), 'GET /api/v1/admin/api-keys': page([active, revoked]) });
    renderWithProviders(<ApiKeysPage />);
    const table = await screen.findByRole('table', { name: 'API keys' });
    const row = within(table).getByText('ERP export').closest('tr')!;
    expect(within(row).getByText('bzk_abcd2345…')).toBeInTheDocument();
    expect(within(row).getByText('orders:read')).toBeInTheDocument();
    expect(within(row).getByText('staff@example.com')).toBeInTheDocument();
    expect(within(row).getByText(/203\.0\.113\.7/)).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Revoke ERP export' })).toBeInTheDocument();
    const old = within(table).getByText('Old feed').closest('tr')!;
    expect(within(old).getByText('revoked')).toBeInTheDocument();
    expect(within(old).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it('offers only the permissions the staff member has, shows the secret once with a copy button and a warning', async () => {
    const created: ApiKeyCreated = { key: { ...active, id: '00000000-0000-4000-8000-0000000000a3', name: 'Stock sync' }, secret: SECRET };
    const calls = stubApi({
      'GET /api/v1/me': staffMember(['settings:write', 'orders:read', 'inventory:write']),
      'GET /api/v1/admin/api-keys': page([active]),
      'POST /api/v1/admin/api-keys': created,
    });
    const { user } = renderWithProviders(<ApiKeysPage />);
    await screen.findByRole('table', { name: 'API keys' });
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create an API key' });
    const offered = within(dialog)
      .getAllByRole('checkbox')
      .map((c) => (c as HTMLInputElement).value);
    expect(offered).toEqual(['settings:write', 'orders:read', 'inventory:write']);

    await user.type(within(dialog).getByLabelText(/^Name/), 'Stock sync');
    await user.click(within(dialog).getByRole('checkbox', { name: 'inventory:write' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'Stock sync', permissions: ['inventory:write'], expiresAt: null });

    const shown = await screen.findByRole('dialog', { name: 'Your new key: Stock sync' });
    expect(within(shown).getByLabelText('New API key')).toHaveTextContent(SECRET);
    expect(within(shown).getByRole('alert')).toHaveTextContent(/shown only once/);
    await user.click(within(shown).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(within(shown).getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();

    // Opening the dialog again shows the form, not the old secret.
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    expect(screen.getByRole('dialog', { name: 'Create an API key' })).toBeInTheDocument();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('asks for a permission before sending, and shows what the server refuses', async () => {
    const calls = stubApi({
      'GET /api/v1/me': staffMember(['settings:write', 'orders:read']),
      'GET /api/v1/admin/api-keys': page([]),
      'POST /api/v1/admin/api-keys': replyError(403, { code: 'FORBIDDEN', message: 'A key can only have permissions you have yourself.' }),
    });
    const { user } = renderWithProviders(<ApiKeysPage />);
    expect(await screen.findByText('No API keys yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create an API key' });
    await user.type(within(dialog).getByLabelText(/^Name/), 'Nothing granted');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Choose at least one permission');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByRole('checkbox', { name: 'orders:read' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('A key can only have permissions you have yourself.')).toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Create an API key' })).toBeInTheDocument();
  });

  it('revokes a key only after confirming', async () => {
    const calls = stubApi({
      'GET /api/v1/me': staffMember(['settings:write']),
      'GET /api/v1/admin/api-keys': page([active]),
      'POST /api/v1/admin/api-keys/00000000-0000-4000-8000-0000000000a1/revoke': {
        ...active,
        status: 'revoked',
        revokedAt: '2026-12-05T09:00:00.000Z',
      },
    });
    const { user } = renderWithProviders(<ApiKeysPage />);
    await user.click(await screen.findByRole('button', { name: 'Revoke ERP export' }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke ERP export?' });
    expect(confirm).toHaveTextContent('bzk_abcd2345…');
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Revoke ERP export' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Revoke ERP export?' })).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() =>
      expect(calls.map((c) => `${c.method} ${c.path}`)).toContain(
        'POST /api/v1/admin/api-keys/00000000-0000-4000-8000-0000000000a1/revoke',
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Revoke ERP export?' })).not.toBeInTheDocument());
  });

  it('sends an expiry typed in local time as an ISO instant, and none when left empty', () => {
    expect(expiryFromInput('')).toBeNull();
    expect(expiryFromInput('2027-01-31T18:30')).toBe(new Date(2027, 0, 31, 18, 30).toISOString());
  });
});
