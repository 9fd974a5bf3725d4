import type { AdminPromotion } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../../test/dialogs';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import PromotionsPage, { draftToBody, emptyPromotionDraft, promotionToDraft } from './PromotionsPage';

const bxgy: AdminPromotion = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: 'Third one free',
  description: null,
  automatic: false,
  exclusive: true,
  priority: 5,
  active: true,
  startsAt: null,
  endsAt: null,
  conditions: { minSubtotal: 5000 },
  action: { type: 'buy_x_get_y', buy: 2, get: 1, percent: 100, maxApplications: 3 },
  usageLimit: 100,
  budgetAmount: 50_000,
  perCustomerLimit: null,
  uses: 7,
  discountGiven: 4200,
  codeCount: 20,
  createdAt: '2026-12-04T10:00:00.000Z',
};
const config = { currency: 'USD' };

describe('PromotionsPage', () => {
  withModalDialogs();

  it('lists promotions with what they give and how much of their limits is used', async () => {
    stubApi({ 'GET /api/v1/admin/promotions': { items: [bxgy] }, 'GET /api/v1/config': config });
    renderWithProviders(<PromotionsPage />);
    const table = await screen.findByRole('table', { name: 'Promotions' });
    expect(await within(table).findByText('Third one free')).toBeInTheDocument();
    expect(within(table).getByText(/20 codes · priority 5 · exclusive/)).toBeInTheDocument();
    expect(within(table).getByText('Buy 2, get 1 free (at most 3×)')).toBeInTheDocument();
    expect(within(table).getByText(/7 \/ 100 · \$42\.00 of \$500\.00/)).toBeInTheDocument();
  });

  it('creates a tiered promotion from the form, previews it on a sample cart, and refuses what the shared schema refuses', async () => {
    const calls = stubApi({
      'GET /api/v1/admin/promotions': { items: [] },
      'GET /api/v1/config': config,
      'POST /api/v1/admin/promotions/preview': {
        applies: true,
        subtotal: { amount: 25_000, currency: 'USD' },
        discount: { amount: 2500, currency: 'USD' },
        freeShipping: false,
        lines: [
          {
            variantId: 'v',
            title: 'Coat — M',
            quantity: 1,
            lineTotal: { amount: 25_000, currency: 'USD' },
            discount: { amount: 2500, currency: 'USD' },
          },
        ],
      },
      'POST /api/v1/admin/promotions': (c) => ({ ...bxgy, ...(c.body as object) }),
    });
    const { user } = renderWithProviders(<PromotionsPage />);
    await user.click(await screen.findByRole('button', { name: 'New promotion' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'Spend more');
    await user.selectOptions(within(dialog).getByLabelText('Action'), 'tiered');
    await user.type(within(dialog).getByLabelText(/^Tiers/), '100.00: 10.00{enter}200.00: abc');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findAllByText('Type an amount like 12.50 (or a whole number)')).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.clear(within(dialog).getByLabelText(/^Tiers/));
    await user.type(within(dialog).getByLabelText(/^Tiers/), '100.00: 10.00{enter}200.00: 25.00');
    await user.type(within(dialog).getByLabelText(/^Sample cart/), '00000000-0000-4000-8000-0000000000c1 x 1');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    const preview = await within(dialog).findByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('Takes $25.00 off $250.00')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/admin/promotions/preview')!.body).toMatchObject({
      lines: [{ variantId: '00000000-0000-4000-8000-0000000000c1', quantity: 1 }],
      promotion: { name: 'Spend more' },
    });

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/admin/promotions')).toBe(true));
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/admin/promotions')!.body).toMatchObject({
      name: 'Spend more',
      automatic: true,
      conditions: {},
      action: {
        type: 'tiered',
        tiers: [
          { minSubtotal: 10_000, off: { kind: 'fixed', value: 1000 } },
          { minSubtotal: 20_000, off: { kind: 'fixed', value: 2500 } },
        ],
      },
    });
  });

  it('a saved promotion comes back into the form as it was', () => {
    expect(draftToBody(promotionToDraft(bxgy))).toEqual({
      name: bxgy.name,
      description: null,
      automatic: false,
      exclusive: true,
      active: true,
      priority: 5,
      startsAt: null,
      endsAt: null,
      usageLimit: 100,
      budgetAmount: 50_000,
      perCustomerLimit: null,
      conditions: { minSubtotal: 5000 },
      action: bxgy.action,
    });
    expect(
      draftToBody({ ...emptyPromotionDraft, name: 'x', actionType: 'lines', offKind: 'fixed', offValue: '1.50', productIds: 'a, b' }),
    ).toMatchObject({
      conditions: { productIds: ['a', 'b'] },
      action: { type: 'lines', off: { kind: 'fixed', value: 150 } },
    });
  });
});
