import type { SearchResponse } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import SearchPage from './SearchPage';

const answer = (correctedQuery: string | null): SearchResponse => ({
  items: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      slug: 'walnut-nightstand',
      title: 'Walnut Nightstand',
      brand: 'Oakline',
      price: { amount: 18900, currency: 'USD' },
      rating: { average: 0, count: 0 },
      availability: 'in_stock',
      highlight: { title: '<mark>Walnut</mark> <mark>Nightstand</mark>' },
    },
  ],
  facets: { category: [], brand: [], price: [], rating: [], inStock: 1 },
  total: 1,
  page: 1,
  limit: 24,
  engine: 'mariadb',
  correctedQuery,
});

describe('SearchPage', () => {
  it('says which spelling it searched when the server corrected the query, linking the corrected search', async () => {
    const calls = stubApi({
      'GET /api/v1/search': (call) => answer(new URLSearchParams(call.search).get('q') === 'walnut nightstnd' ? 'walnut nightstand' : null),
    });
    const { user } = renderWithProviders(<SearchPage />, { route: '/search?q=walnut%20nightstnd', path: '/search' });
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Nothing matched “walnut nightstnd” as typed. Showing results for walnut nightstand.');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('1 result for “walnut nightstand”');
    expect(calls.find((c) => c.path === '/api/v1/search')!.search).toContain('q=walnut%20nightstnd');
    await user.click(screen.getByRole('link', { name: 'walnut nightstand' }));
    await waitFor(() => expect(screen.queryByRole('status')).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('1 result for “walnut nightstand”');
    expect(calls.filter((c) => c.path === '/api/v1/search').at(-1)!.search).toContain('q=walnut%20nightstand');
  });

  it('shows no correction when the query was searched as typed', async () => {
    stubApi({ 'GET /api/v1/search': answer(null) });
    renderWithProviders(<SearchPage />, { route: '/search?q=nightstand', path: '/search' });
    expect(await screen.findByText('1 result for “nightstand”')).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
