import type { AuditEntry } from '@bazaar/shared';
import { screen, within } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import AuditPage from './AuditPage';

const entry = (id: number, actorApiKeyId: string | null): AuditEntry => ({
  id,
  event: 'exchange_rate_changed',
  actorUserId: '00000000-0000-4000-8000-0000000000e1',
  actorApiKeyId,
  targetUserId: null,
  ip: '203.0.113.7',
  userAgent: null,
  details: null,
  createdAt: '2026-12-05T09:00:00.000Z',
});

describe('AuditPage', () => {
  it('says when an action was done through an API key', async () => {
    stubApi({
      'GET /api/v1/admin/audit-logs': {
        items: [entry(2, '00000000-0000-4000-8000-0000000000a1'), entry(1, null)],
        page: 1,
        limit: 50,
        total: 2,
      },
    });
    renderWithProviders(<AuditPage />, { route: '/admin/audit' });
    const table = await screen.findByRole('table', { name: 'Audit events, newest first' });
    await within(table).findByText('via API key');
    const [, viaKey, bySession] = within(table).getAllByRole('row');
    expect(within(viaKey!).getByText('via API key')).toBeInTheDocument();
    expect(within(bySession!).queryByText('via API key')).toBeNull();
  });
});
