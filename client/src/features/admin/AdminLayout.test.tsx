import type { Me, Permission } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import AdminLayout from './AdminLayout';

const me = (permissions: Permission[]): Me => ({
  id: 'u1',
  email: 'staff@example.com',
  name: 'Staff',
  role: 'support',
  permissions,
  emailVerified: true,
  mfaEnabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('AdminLayout', () => {
  it('links the returns queue for staff who may read orders', async () => {
    stubApi({ 'GET /api/v1/me': me(['orders:read']) });
    renderWithProviders(<AdminLayout />, { route: '/admin' });
    expect(await screen.findByRole('link', { name: 'Returns' })).toHaveAttribute('href', '/admin/returns');
  });

  it('leaves it out for staff who may not', async () => {
    stubApi({ 'GET /api/v1/me': me(['reviews:moderate']) });
    renderWithProviders(<AdminLayout />, { route: '/admin' });
    expect(await screen.findByRole('link', { name: 'Reviews' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Returns' })).toBeNull();
  });

  it('links the API keys screen only for staff who may change settings', async () => {
    stubApi({ 'GET /api/v1/me': me(['settings:write']) });
    const { unmount } = renderWithProviders(<AdminLayout />, { route: '/admin' });
    expect(await screen.findByRole('link', { name: 'API keys' })).toHaveAttribute('href', '/admin/api-keys');
    unmount();
    stubApi({ 'GET /api/v1/me': me(['orders:read']) });
    renderWithProviders(<AdminLayout />, { route: '/admin' });
    expect(await screen.findByRole('link', { name: 'Returns' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'API keys' })).toBeNull();
  });
});
