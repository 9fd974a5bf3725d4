import type { Cart, ProductDetail } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { renderWithProviders, replyError, stubApi, type StubCall } from '../../test/renderWithProviders';
import { marketList } from '../../test/markets.fixtures';
import { LocaleSync } from '../markets/LocaleSync';
import { sendDateRange } from './GiftCardFields';
import ProductPage from './ProductPage';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const product: ProductDetail = {
  id: '00000000-0000-4000-8000-000000000010',
  slug: 'lamp',
  title: 'Lamp',
  brand: 'Lumen',
  price: usd(1000),
  rating: { average: 0, count: 0 },
  availability: 'in_stock',
  description: 'A lamp.',
  tags: [],
  categories: [],
  images: [],
  variants: [
    { id: '00000000-0000-4000-8000-000000000011', sku: 'LAMP-1', title: '', options: {}, price: usd(1000), availability: 'in_stock' },
  ],
  related: [],
  ratingHistogram: [0, 0, 0, 0, 0],
  seo: { title: 'Lamp', description: 'A lamp.' },
};
const show = (p: ProductDetail) => {
  stubApi({
    'GET /api/v1/products/lamp': p,
    'GET /api/v1/products/lamp/reviews': {
      items: [],
      page: 1,
      limit: 20,
      total: 0,
      rating: { average: 0, count: 0, histogram: [0, 0, 0, 0, 0] },
    },
  });
  renderWithProviders(<ProductPage />, { route: '/p/lamp', path: '/p/:slug' });
};

describe('ProductPage', () => {
  it('says a final-sale product cannot be returned', async () => {
    show({ ...product, finalSale: true });
    expect(await screen.findByRole('heading', { name: 'Lamp' })).toBeInTheDocument();
    expect(screen.getByText('Final sale — cannot be returned')).toBeInTheDocument();
  });

  it('says nothing of returns for any other product', async () => {
    show(product);
    expect(await screen.findByRole('heading', { name: 'Lamp' })).toBeInTheDocument();
    expect(screen.queryByText('Final sale — cannot be returned')).toBeNull();
  });
});

const giftCard = (extra: Partial<ProductDetail> = {}): ProductDetail => ({
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'gift-card',
  title: 'Bazaar gift card',
  brand: 'Bazaar',
  price: usd(2500),
  rating: { average: 0, count: 0 },
  availability: 'in_stock',
  description: '',
  tags: [],
  categories: [],
  images: [],
  variants: [
    {
      id: '00000000-0000-4000-8000-0000000000a1',
      sku: 'GC-25',
      title: '25',
      options: { amount: '25' },
      price: usd(2500),
      availability: 'in_stock',
    },
  ],
  related: [],
  ratingHistogram: [0, 0, 0, 0, 0],
  seo: { title: 'Gift card', description: '' },
  giftCard: true,
  ...extra,
});
const emptyCart: Cart = {
  id: 'c1',
  market: 'default',
  items: [],
  itemCount: 0,
  totals: { subtotal: usd(0), discount: usd(0), shipping: usd(0), tax: usd(0), total: usd(0) },
  warnings: [],
};
const render = () => renderWithProviders(<ProductPage />, { route: '/p/gift-card', path: '/p/:slug' });
const posts = (calls: StubCall[]) => calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/cart/items');

describe('ProductPage, gift cards', () => {
  it('asks who the card is for, and adds nothing to the cart until the recipient’s email is given', async () => {
    const calls = stubApi({ 'GET /api/v1/products/gift-card': giftCard(), 'POST /api/v1/cart/items': emptyCart });
    const { user } = render();
    const email = await screen.findByLabelText("Recipient's email");
    expect(email).toBeRequired();
    expect(screen.getByLabelText("Recipient's name (optional)")).toBeInTheDocument();
    expect(screen.getByLabelText('Message (optional)')).toHaveAttribute('maxLength', '500');
    const { min, max } = sendDateRange();
    expect(screen.getByLabelText('Send it on (optional)')).toMatchObject({ min, max });

    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Enter the recipient's email");
    expect(email).toHaveAttribute('aria-invalid', 'true');
    await user.type(email, 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('valid email');
    expect(posts(calls)).toHaveLength(0);

    await user.clear(email);
    await user.type(email, 'Ana@Example.com');
    await user.type(screen.getByLabelText('Message (optional)'), 'Happy birthday!');
    await user.type(screen.getByLabelText('Send it on (optional)'), max);
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    // Empty optional fields are left out; the email goes as the shared schema normalises it.
    expect(posts(calls)[0]).toMatchObject({
      body: {
        variantId: '00000000-0000-4000-8000-0000000000a1',
        quantity: 1,
        giftCard: { recipientEmail: 'ana@example.com', message: 'Happy birthday!', sendDate: max },
      },
    });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('refuses a day before today before asking the server, and shows the server’s word on a field at that field', async () => {
    const calls = stubApi({
      'GET /api/v1/products/gift-card': giftCard(),
      'POST /api/v1/cart/items': replyError(400, {
        code: 'VALIDATION_FAILED',
        message: 'Choose today or a later day.',
        details: [{ path: 'giftCard.sendDate', message: 'Choose today or a later day' }],
      }),
    });
    const { user } = render();
    await user.type(await screen.findByLabelText("Recipient's email"), 'bo@example.com');
    await user.type(screen.getByLabelText('Send it on (optional)'), '2020-01-01');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose a day from today to 365 days ahead');
    expect(posts(calls)).toHaveLength(0);

    await user.clear(screen.getByLabelText('Send it on (optional)'));
    await user.type(screen.getByLabelText('Send it on (optional)'), sendDateRange().min);
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose today or a later day');
    expect(posts(calls)).toHaveLength(1);
  });

  it('asks a chosen-amount card’s amount, judged against its range before the server is asked, and sends it in minor units', async () => {
    const calls = stubApi({
      'GET /api/v1/products/gift-card': giftCard({ chosenAmount: { min: usd(1000), max: usd(50000) } }),
      'POST /api/v1/cart/items': emptyCart,
    });
    const { user } = render();
    const amount = await screen.findByLabelText('Amount (USD)');
    expect(screen.getByText('From $10.00 to $500.00')).toBeInTheDocument();
    expect(screen.getByText('$10.00 – $500.00')).toBeInTheDocument();
    await user.type(screen.getByLabelText("Recipient's email"), 'kim@example.com');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter an amount');
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    await user.type(amount, '9.99');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('At least $10.00');
    await user.clear(amount);
    await user.type(amount, '500.01');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('At most $500.00');
    await user.clear(amount);
    await user.type(amount, 'lots');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter an amount like 25.00');
    expect(posts(calls)).toHaveLength(0);

    await user.clear(amount);
    await user.type(amount, '42.50');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.body).toEqual({
      variantId: '00000000-0000-4000-8000-0000000000a1',
      quantity: 1,
      giftCard: { recipientEmail: 'kim@example.com', amount: 4250 },
    });
  });

  it('shows the server’s word on the amount at the amount field', async () => {
    stubApi({
      'GET /api/v1/products/gift-card': giftCard({ chosenAmount: { min: usd(1000), max: usd(50000) } }),
      'POST /api/v1/cart/items': replyError(400, {
        code: 'VALIDATION_FAILED',
        message: 'At most $300.00: choose the gift card’s amount within its range.',
        details: [{ path: 'giftCard.amount', message: 'At most $300.00' }],
      }),
    });
    const { user } = render();
    await user.type(await screen.findByLabelText('Amount (USD)'), '400');
    await user.type(screen.getByLabelText("Recipient's email"), 'kim@example.com');
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('At most $300.00');
    expect(screen.getByLabelText('Amount (USD)')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks no amount of a fixed-amount card', async () => {
    stubApi({ 'GET /api/v1/products/gift-card': giftCard() });
    render();
    expect(await screen.findByLabelText("Recipient's email")).toBeInTheDocument();
    expect(screen.queryByLabelText('Amount (USD)')).not.toBeInTheDocument();
  });

  it('shows no recipient fields for a product that is not a gift card, and adds it as it is', async () => {
    const calls = stubApi({
      'GET /api/v1/products/gift-card': giftCard({ giftCard: undefined, title: 'Lamp' }),
      'POST /api/v1/cart/items': emptyCart,
    });
    const { user } = render();
    await user.click(await screen.findByRole('button', { name: 'Add to cart' }));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.body).toEqual({ variantId: '00000000-0000-4000-8000-0000000000a1', quantity: 1 });
    expect(screen.queryByLabelText("Recipient's email")).not.toBeInTheDocument();
  });
});

describe('ProductPage in a market and a language', () => {
  const inEurope: ProductDetail = {
    ...product,
    title: 'Lampe',
    description: 'Eine Lampe.',
    price: { amount: 1899, currency: 'EUR' },
    variants: [{ ...product.variants[0]!, price: { amount: 1899, currency: 'EUR' } }],
  };

  it('with ?lang=de: German texts, the product read in that market and language, the price in its currency the German way', async () => {
    const calls = stubApi({
      'GET /api/v1/markets': marketList('eu'),
      'GET /api/v1/products/lamp': inEurope,
      'GET /api/v1/cart': { ...emptyCart, id: null },
      'PUT /api/v1/cart/market': { ...emptyCart, market: 'eu' },
      'POST /api/v1/cart/items': { ...emptyCart, market: 'eu' },
    });
    const { user } = renderWithProviders(
      <>
        <LocaleSync />
        <ProductPage />
      </>,
      { route: '/p/lamp?lang=de', path: '/p/:slug' },
    );
    expect(await screen.findByRole('heading', { name: 'Lampe' })).toBeInTheDocument();
    expect(await screen.findByText('18,99 €')).toBeInTheDocument();
    expect(screen.getByTestId('availability')).toHaveTextContent('Auf Lager');
    expect(document.documentElement.lang).toBe('de');
    expect(calls.find((c) => c.path === '/api/v1/products/lamp')!.search).toBe('market=eu&lang=de');

    // The first line of a cart not yet made: the cart opens in the market shown, then the line goes in.
    await user.click(screen.getByRole('button', { name: 'In den Warenkorb' }));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    const put = calls.findIndex((c) => c.method === 'PUT');
    expect(calls[put]).toMatchObject({ path: '/api/v1/cart/market', body: { market: 'eu' } });
    expect(put).toBeLessThan(calls.indexOf(posts(calls)[0]!));
  });

  it('adds to a cart already in the market without moving it', async () => {
    const calls = stubApi({
      'GET /api/v1/markets': marketList('eu'),
      'GET /api/v1/products/lamp': inEurope,
      'GET /api/v1/cart': { ...emptyCart, market: 'eu' },
      'POST /api/v1/cart/items': { ...emptyCart, market: 'eu' },
    });
    const { user } = renderWithProviders(<ProductPage />, { route: '/p/lamp', path: '/p/:slug' });
    await user.click(await screen.findByRole('button', { name: 'Add to cart' }));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});
