import { screen } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import { StoreCreditLine } from './AccountPage';

describe('StoreCreditLine', () => {
  it('shows the balance from the server, formatted', async () => {
    stubApi({ 'GET /api/v1/me/store-credit': { balance: { amount: 2050, currency: 'USD' }, entries: [] } });
    renderWithProviders(<StoreCreditLine />);
    expect(await screen.findByText('Store credit: $20.50')).toBeInTheDocument();
  });
});
