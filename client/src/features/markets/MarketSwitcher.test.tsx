import type { Cart } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { Layout } from '../../app/Layout';
import { cartIn, lampIn, marketList } from '../../test/markets.fixtures';
import { renderWithProviders, replyError, stubApi, type StubAnswer, type StubCall } from '../../test/renderWithProviders';
import CartPage from '../cart/CartPage';
import HomePage from '../catalog/HomePage';
import { LOCALE_STORAGE_KEY } from './locale.slice';

function LocationProbe() {
  const { pathname, search } = useLocation();
  return <output data-testid="location">{pathname + search}</output>;
}

/** The storefront as the app mounts it: the layout (header switcher, toasts) around the home and cart pages. */
const storefront = (route = '/') =>
  renderWithProviders(
    <>
      <Routes>
        <Route element={<Layout />}>
          <Route path="/" element={<HomePage />} />
          <Route path="/cart" element={<CartPage />} />
        </Route>
      </Routes>
      <LocationProbe />
    </>,
    { route },
  );

const params = (call: StubCall) => new URLSearchParams(call.search);

/** The shop: markets, a translated category, the lamp priced in the market asked for, and a cart. */
function shop({
  suggested = 'default',
  cart = cartIn('default'),
  putMarket,
}: { suggested?: string; cart?: Cart; putMarket?: (call: StubCall) => StubAnswer } = {}) {
  return stubApi({
    'GET /api/v1/markets': marketList(suggested),
    'GET /api/v1/categories': (c) => ({
      items: [
        {
          id: '00000000-0000-4000-8000-0000000000c1',
          slug: 'lamps',
          name: params(c).get('lang') === 'de' ? 'Lampen' : 'Lamps',
          children: [],
        },
      ],
    }),
    'GET /api/v1/products': (c) => ({ items: [lampIn(params(c).get('market'))], page: 1, limit: 8, total: 1 }),
    'GET /api/v1/cart': cart,
    'PUT /api/v1/cart/market': putMarket ?? ((c) => cartIn((c.body as { market: 'eu' | 'default' }).market)),
  });
}

const productReads = (calls: StubCall[]) => calls.filter((c) => c.path === '/api/v1/products');
/** What a read asked for, of the market and language. */
const locale = (call: StubCall) => ({ market: params(call).get('market'), lang: params(call).get('lang') });
/** A first visit: no cart yet (the first line opens it in the market shown). */
const noCart = (): Cart => ({ ...cartIn('default'), id: null, items: [], itemCount: 0 });
const marketSelect = () => screen.getByRole('combobox', { name: /^(Market|Markt)$/ });
const languageSelect = () => screen.getByRole('combobox', { name: /^(Language|Sprache)$/ });

describe('the market and language switcher', () => {
  it('lists the markets from GET /markets with the suggested one chosen on a first visit, in its language', async () => {
    const calls = shop({ suggested: 'eu', cart: noCart() });
    storefront('/');
    // The Europe market speaks German first: texts, prices and <html lang> follow.
    expect(await screen.findByRole('heading', { name: 'Gerade beliebt' })).toBeInTheDocument();
    const market = screen.getByRole('combobox', { name: 'Markt' });
    expect(
      within(market)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['International (USD)', 'Europe (EUR)']);
    expect(market).toHaveValue('eu');
    expect(
      within(languageSelect())
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Deutsch', 'English']);
    expect(languageSelect()).toHaveValue('de');
    expect(document.documentElement.lang).toBe('de');
    expect((await screen.findAllByText('18,99 €')).length).toBeGreaterThan(0);
    // The suggestion is asked for the browser's country; every catalog read carries the market and language.
    expect(params(calls.find((c) => c.path === '/api/v1/markets')!).get('country')).toBe('US');
    expect(productReads(calls).length).toBeGreaterThan(0);
    for (const read of productReads(calls)) expect(locale(read)).toEqual({ market: 'eu', lang: 'de' });
    expect(calls.find((c) => c.path === '/api/v1/categories')!.search).toBe('market=eu&lang=de');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/?lang=de'));
  });

  it('sends nothing extra for the default market in its own language (the shop’s own answers)', async () => {
    const calls = shop();
    storefront('/');
    expect(await screen.findByRole('heading', { name: 'Popular now' })).toBeInTheDocument();
    await screen.findAllByText('$19.99');
    expect(productReads(calls).every((c) => !params(c).has('market') && !params(c).has('lang'))).toBe(true);
    expect(marketSelect()).toHaveValue('default');
    expect(document.documentElement.lang).toBe('en');
  });

  it('choosing a market prices the cart there (PUT /cart/market) first, says so once, then reads the catalog in it', async () => {
    const calls = shop({
      putMarket: () =>
        cartIn('eu', { warnings: [{ code: 'MARKET_CHANGED', message: 'Your cart is now priced for Europe in EUR: prices may differ.' }] }),
    });
    const { user } = storefront('/');
    await screen.findAllByText('$19.99');
    await user.selectOptions(marketSelect(), 'eu');

    const put = await waitFor(() => {
      const sent = calls.find((c) => c.method === 'PUT');
      expect(sent).toBeDefined();
      return sent!;
    });
    expect(put).toMatchObject({ path: '/api/v1/cart/market', body: { market: 'eu' } });
    expect(put.csrf).toBeTruthy();
    // The server's warning, as a toast in the shopper's language (English stays: it is offered in Europe too).
    expect(await screen.findByText('Your cart is now priced for Europe in EUR: prices may differ from what you saw.')).toBeInTheDocument();
    await screen.findAllByText('€18.99');
    const after = productReads(calls).filter((c) => calls.indexOf(c) > calls.indexOf(put));
    expect(after.length).toBeGreaterThan(0);
    for (const read of after) expect(locale(read)).toEqual({ market: 'eu', lang: 'en' });
    // Nothing read in the new market before the cart had moved.
    expect(
      productReads(calls)
        .filter((c) => calls.indexOf(c) < calls.indexOf(put))
        .every((c) => !params(c).has('market')),
    ).toBe(true);
    // Remembered for the next visit.
    expect(JSON.parse(localStorage.getItem(LOCALE_STORAGE_KEY)!)).toMatchObject({ market: 'eu', lang: 'en' });
  });

  it('shows why a cart holding a gift card stays in the shop currency (409), and keeps the market', async () => {
    const calls = shop({
      putMarket: () =>
        replyError(409, {
          code: 'CONFLICT',
          message: 'Gift cards are sold in USD only: remove them before shopping in EUR.',
          details: [{ path: 'market', message: 'The cart holds a gift card' }],
        }),
    });
    const { user } = storefront('/');
    await screen.findAllByText('$19.99');
    await user.selectOptions(marketSelect(), 'eu');
    expect(await screen.findByRole('alert')).toHaveTextContent('Gift cards are sold in USD only: remove them before shopping in EUR.');
    expect(marketSelect()).toHaveValue('default');
    expect(productReads(calls).some((c) => params(c).get('market') === 'eu')).toBe(false);
  });

  it('takes the language from ?lang= in the address, and links inside the shop keep it', async () => {
    const calls = shop();
    storefront('/?lang=de');
    expect(await screen.findByRole('heading', { name: 'Gerade beliebt' })).toBeInTheDocument();
    expect(await screen.findByRole('combobox', { name: 'Sprache' })).toHaveValue('de');
    expect(document.documentElement.lang).toBe('de');
    // German in the default market: USD prices written the German way; only `lang` is sent.
    expect((await screen.findAllByText('19,99 $')).length).toBeGreaterThan(0);
    expect(productReads(calls).every((c) => params(c).get('lang') === 'de' && !params(c).has('market'))).toBe(true);
    for (const link of screen.getAllByRole('link', { name: 'Lampen' })) expect(link).toHaveAttribute('href', '/c/lamps?lang=de');
    expect(screen.getByRole('link', { name: /^Warenkorb, 1 Artikel/ })).toHaveAttribute('href', '/cart?lang=de');
  });

  it('falls back to the market’s default language when the address asks for one it does not offer', async () => {
    shop({ suggested: 'eu', cart: noCart() });
    storefront('/?lang=fr');
    expect(await screen.findByRole('heading', { name: 'Gerade beliebt' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/?lang=de'));
  });

  it('choosing a language puts it in the address and remembers it', async () => {
    const calls = shop();
    const { user } = storefront('/');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Language' }), 'de');
    expect(await screen.findByRole('heading', { name: 'Gerade beliebt' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/?lang=de'));
    await waitFor(() => expect(productReads(calls).at(-1)!.search).toContain('lang=de'));
    expect(JSON.parse(localStorage.getItem(LOCALE_STORAGE_KEY)!)).toMatchObject({ lang: 'de' });
  });

  it('comes back in the market chosen on an earlier visit, whatever the suggestion', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, JSON.stringify({ market: 'eu', lang: 'en' }));
    const calls = shop({ suggested: 'default', cart: cartIn('eu') });
    storefront('/');
    expect(await screen.findByRole('combobox', { name: 'Market' })).toHaveValue('eu');
    await screen.findAllByText('€18.99');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('follows a cart priced in another market (another tab, another device) rather than moving it back', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, JSON.stringify({ market: 'default', lang: 'en' }));
    const calls = shop({ cart: cartIn('eu') });
    storefront('/');
    await waitFor(() => expect(marketSelect()).toHaveValue('eu'));
    await screen.findAllByText('€18.99');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});

describe('the cart in a market', () => {
  it('says which market and currency the cart is priced in, and the market change, in the shopper’s language', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, JSON.stringify({ market: 'eu' }));
    shop({
      cart: cartIn('eu', { warnings: [{ code: 'MARKET_CHANGED', message: 'Your cart is now priced for Europe in EUR.' }] }),
    });
    storefront('/cart');
    expect(await screen.findByTestId('cart-market')).toHaveTextContent('Preise in EUR (Europe)');
    expect(
      screen.getByText('Ihr Warenkorb wird jetzt für Europe in EUR berechnet: Die Preise können von den zuvor angezeigten abweichen.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('18,99 €');
    expect(screen.getByRole('heading', { name: 'Ihr Warenkorb' })).toBeInTheDocument();
  });
});
