import type { Cart } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { useLocation, useParams } from 'react-router';
import { toFriendlyError } from '../api/errors';
import { getSocket } from '../api/socket';
import { cartApi } from '../features/cart/cart.api';
import { CSRF_TOKEN, renderWithProviders, reply, stubApi } from './renderWithProviders';

const cart: Cart = {
  id: 'c1',
  market: 'default',
  itemCount: 0,
  items: [],
  totals: ['subtotal', 'discount', 'shipping', 'tax', 'total'].reduce(
    (t, k) => ({ ...t, [k]: { amount: 0, currency: 'USD' } }),
    {} as Cart['totals'],
  ),
  warnings: [],
};

function Where() {
  const { id } = useParams();
  return <p data-testid="where">{`${useLocation().pathname} ${id ?? ''}`}</p>;
}

describe('renderWithProviders and stubApi', () => {
  it('mounts the element at its route pattern, with the router at the given URL', () => {
    stubApi({});
    renderWithProviders(<Where />, { route: '/orders/o-7', path: '/orders/:id' });
    expect(screen.getByTestId('where')).toHaveTextContent('/orders/o-7 o-7');
  });

  it('answers stubbed routes (a Response as often as asked), records each request, and 404s the rest', async () => {
    const calls = stubApi({ 'POST /api/v1/cart/coupon': reply(200, cart) });
    const { store } = renderWithProviders(<p />);
    expect(await store.dispatch(cartApi.endpoints.applyCoupon.initiate('A')).unwrap()).toEqual(cart);
    expect(await store.dispatch(cartApi.endpoints.applyCoupon.initiate('B')).unwrap()).toEqual(cart);
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body, c.csrf])).toEqual([
      ['/api/v1/cart/coupon', { code: 'A' }, CSRF_TOKEN],
      ['/api/v1/cart/coupon', { code: 'B' }, CSRF_TOKEN],
    ]);
    const missing = await store.dispatch(cartApi.endpoints.removeCoupon.initiate());
    expect('error' in missing && toFriendlyError(missing.error).code).toBe('NOT_FOUND');
  });

  it('gives every render a fresh store and a fresh session (the CSRF token is fetched again)', async () => {
    const calls = stubApi({ 'GET /api/v1/cart': cart, 'POST /api/v1/cart/coupon': cart });
    const first = renderWithProviders(<p />);
    await first.store.dispatch(cartApi.endpoints.applyCoupon.initiate('A'));
    await first.store.dispatch(cartApi.endpoints.cart.initiate());
    const second = renderWithProviders(<p />);
    expect(second.store).not.toBe(first.store);
    expect(cartApi.endpoints.cart.select()(second.store.getState()).data).toBeUndefined();
    await second.store.dispatch(cartApi.endpoints.applyCoupon.initiate('B'));
    expect(calls.filter((c) => c.path === '/api/v1/auth/csrf')).toHaveLength(2);
  });

  it('never opens a real socket', () => {
    expect(vi.isMockFunction(getSocket().on)).toBe(true);
  });
});
