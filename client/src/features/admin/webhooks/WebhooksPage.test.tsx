import type { WebhookDelivery, WebhookEndpoint } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../../test/dialogs';
import { renderWithProviders, replyError, stubApi, type StubCall } from '../../../test/renderWithProviders';
import WebhooksPage, { endpointState } from './WebhooksPage';

const endpoint: WebhookEndpoint = {
  id: '00000000-0000-4000-8000-0000000000e1',
  url: 'https://erp.example.com/hooks',
  description: 'ERP',
  events: ['order.paid', 'refund.created'],
  enabled: true,
  disabledReason: null,
  failingSince: null,
  secretHint: 'a1B2',
  createdAt: '2026-12-05T10:00:00.000Z',
  updatedAt: '2026-12-05T10:00:00.000Z',
};
const delivery: WebhookDelivery = {
  id: 41,
  eventId: 'evt_0123456789abcdef0123456789abcdef',
  eventType: 'order.paid',
  status: 'failed',
  attempts: [
    {
      attempt: 1,
      attemptedAt: '2026-12-05T10:01:00.000Z',
      requestBody: '{"id":"evt_0123456789abcdef0123456789abcdef"}',
      responseStatus: 500,
      responseBody: 'upstream down',
      durationMs: 120,
      error: 'HTTP 500',
    },
  ],
  nextAttemptAt: null,
  createdAt: '2026-12-05T10:01:00.000Z',
  deliveredAt: null,
};
const base = `/api/v1/admin/webhooks/${endpoint.id}` as const;

describe('WebhooksPage', () => {
  withModalDialogs();

  it('adds an endpoint with the events checked and shows its secret once', async () => {
    const calls = stubApi({
      'GET /api/v1/admin/webhooks': { items: [] },
      'POST /api/v1/admin/webhooks': { ...endpoint, secret: 'whsec_shown_once_a1B2' },
    });
    const { user } = renderWithProviders(<WebhooksPage />);
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const dialog = screen.getByRole('dialog', { name: 'Add endpoint' });
    await user.type(within(dialog).getByLabelText(/^URL/), 'https://erp.example.com/hooks');
    // No event chosen: refused before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByText('Choose at least one event')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByRole('checkbox', { name: /order\.paid/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /refund\.created/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      url: 'https://erp.example.com/hooks',
      description: '',
      events: ['order.paid', 'refund.created'],
      enabled: true,
    });
    const secret = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(within(secret).getByLabelText('Secret')).toHaveValue('whsec_shown_once_a1B2');
    await user.click(within(secret).getByRole('button', { name: 'Done' }));
    expect(screen.queryByDisplayValue('whsec_shown_once_a1B2')).not.toBeInTheDocument();
  });

  it('shows the server’s refusal of a private address', async () => {
    stubApi({
      'GET /api/v1/admin/webhooks': { items: [] },
      'POST /api/v1/admin/webhooks': replyError(400, {
        code: 'VALIDATION_FAILED',
        message: 'The endpoint URL is refused: "localhost" is a loopback address (127.0.0.1).',
        details: [{ path: 'url', message: '"localhost" is a loopback address (127.0.0.1)' }],
      }),
    });
    const { user } = renderWithProviders(<WebhooksPage />);
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const dialog = screen.getByRole('dialog', { name: 'Add endpoint' });
    await user.type(within(dialog).getByLabelText(/^URL/), 'https://localhost/hook');
    await user.click(within(dialog).getByRole('checkbox', { name: /order\.created/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText(/loopback address/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Signing secret' })).not.toBeInTheDocument();
  });

  it('lists endpoints; rotates the secret, sends a test event, and redelivers from the log', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const calls = stubApi({
      'GET /api/v1/admin/webhooks': { items: [endpoint] },
      [`POST ${base}/rotate-secret`]: { ...endpoint, secretHint: 'Z9y8', secret: 'whsec_new_Z9y8' },
      [`POST ${base}/ping`]: { ...delivery, id: 42, eventType: 'ping', status: 'pending', attempts: [] },
      [`GET ${base}/deliveries`]: { items: [delivery], page: 1, limit: 20, total: 1 },
      [`POST ${base}/deliveries/41/redeliver`]: { ...delivery, id: 43, status: 'pending', attempts: [] },
    });
    const { user } = renderWithProviders(<WebhooksPage />);
    const table = await screen.findByRole('table', { name: 'Webhook endpoints' });
    expect(await within(table).findByText('https://erp.example.com/hooks')).toBeInTheDocument();
    expect(within(table).getByText('order.paid, refund.created')).toBeInTheDocument();
    expect(within(table).getByText('Secret …a1B2')).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Rotate secret' }));
    const secret = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(within(secret).getByLabelText('Secret')).toHaveValue('whsec_new_Z9y8');
    await user.click(within(secret).getByRole('button', { name: 'Done' }));

    await user.click(within(table).getByRole('button', { name: 'Send test event' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === `${base}/ping`)).toBe(true));

    await user.click(within(table).getByRole('button', { name: 'Deliveries' }));
    const log = await screen.findByRole('dialog', { name: /Deliveries to/ });
    expect(await within(log).findByText('1 · HTTP 500')).toBeInTheDocument();
    expect(within(log).getByText('upstream down')).toBeInTheDocument();
    await user.click(within(log).getByRole('button', { name: 'Redeliver' }));
    await waitFor(() => expect(calls.some((c) => c.path === `${base}/deliveries/41/redeliver`)).toBe(true));
  });

  it('edits an endpoint’s events and disables it', async () => {
    const calls = stubApi({
      'GET /api/v1/admin/webhooks': { items: [endpoint] },
      [`PATCH ${base}`]: (c: StubCall) => ({ ...endpoint, ...(c.body as object) }),
    });
    const { user } = renderWithProviders(<WebhooksPage />);
    const table = await screen.findByRole('table', { name: 'Webhook endpoints' });
    await user.click(await within(table).findByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit endpoint' });
    expect(within(dialog).getByRole('checkbox', { name: /order\.paid/ })).toBeChecked();
    await user.click(within(dialog).getByRole('checkbox', { name: /refund\.created/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /order\.cancelled/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      url: 'https://erp.example.com/hooks',
      description: 'ERP',
      events: ['order.paid', 'order.cancelled'],
      enabled: true,
    });

    await user.click(within(table).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'PATCH')[1]!.body).toEqual({ enabled: false });
  });

  it('names the state of an endpoint', () => {
    expect(endpointState(endpoint)).toBe('active');
    expect(endpointState({ ...endpoint, failingSince: '2026-12-05T10:00:00.000Z' })).toBe('failing');
    expect(endpointState({ ...endpoint, enabled: false, disabledReason: 'failing' })).toBe('disabled (failing for 24 h)');
    expect(endpointState({ ...endpoint, enabled: false })).toBe('disabled');
  });
});
