import type { OrderStatusChanged, Return, Returnability, ReturnUpdated } from '@bazaar/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders, replyError, stubApi } from '../../test/renderWithProviders';
import { makeReturn, usd } from '../../test/returns.fixtures';
import { StoreCreditLine } from '../account/AccountPage';
import { ReturnsSection } from './ReturnsSection';

// The socket, with its listeners kept so a test can play an event from the server.
const listeners = vi.hoisted(() => new Map<string, (payload: unknown) => void>());
vi.mock('../../api/socket', () => ({
  getSocket: () => ({
    on: (event: string, listener: (payload: unknown) => void) => listeners.set(event, listener),
    off: (event: string) => listeners.delete(event),
    emit: vi.fn(),
  }),
  reconnectSocket: vi.fn(),
}));

const ORDER = '00000000-0000-4000-8000-000000000001';
const returnable: Returnability = {
  blocked: null,
  windowEndsAt: '2026-12-31T12:00:00.000Z',
  reasons: ['Does not fit', 'Changed my mind'],
  lines: [
    { itemId: 'i1', title: 'Shirt', variantTitle: 'M', returnable: 2, claimable: 2, finalSale: false, exchangeOptions: [] },
    { itemId: 'i2', title: 'Socks', variantTitle: '', returnable: 0, claimable: 1, finalSale: true, exchangeOptions: [] },
  ],
  returns: [],
};
const aReturn = makeReturn({ id: 'r1', orderId: ORDER, note: 'Too small', allowedActions: ['cancel'] });
const returnsPath = `GET /api/v1/orders/${ORDER}/returns` as const;

describe('ReturnsSection', () => {
  it('asks to return the chosen quantities with the reason and note, passing the guest token along', async () => {
    const calls = stubApi({ [returnsPath]: returnable, [`POST /api/v1/orders/${ORDER}/returns`]: aReturn });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} token="tok en" />);
    const shirt = await screen.findByLabelText(/Shirt \(M\)/);
    expect(screen.getByText('Return window: until December 31, 2026')).toBeInTheDocument();
    // A final-sale line cannot be returned: it is marked and cannot be chosen.
    expect(screen.getByText('Final sale — cannot be returned')).toBeInTheDocument();
    expect(screen.getByLabelText(/Socks/)).toBeDisabled();
    await user.clear(shirt);
    await user.type(shirt, '2');
    await user.selectOptions(screen.getByLabelText('Reason'), 'Does not fit');
    await user.type(screen.getByLabelText('Note (optional)'), ' Too small ');
    await user.click(screen.getByRole('button', { name: 'Ask to return' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Request BZ-7-R1 sent');
    const post = calls.find((c) => c.method === 'POST' && c.path.endsWith('/returns'))!;
    expect(post.search).toBe('token=tok%20en');
    expect(post.body).toEqual({ kind: 'return', lines: [{ itemId: 'i1', quantity: 2 }], reason: 'Does not fit', note: 'Too small' });
    expect(calls.filter((c) => c.path === `/api/v1/orders/${ORDER}/returns` && c.method === 'GET')[0]!.search).toBe('token=tok%20en');
  });

  it('keeps saying the request was sent when it took the last units and the form goes away', async () => {
    const one: Returnability = { ...returnable, lines: [{ ...returnable.lines[0]!, returnable: 1, claimable: 1 }] };
    let answer = one;
    stubApi({
      [returnsPath]: () => answer,
      [`POST /api/v1/orders/${ORDER}/returns`]: () => {
        answer = { ...one, lines: [{ ...one.lines[0]!, returnable: 0, claimable: 0 }], returns: [aReturn] };
        return aReturn;
      },
    });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} />);
    await user.type(await screen.findByLabelText(/Shirt \(M\)/), '1');
    await user.selectOptions(screen.getByLabelText('Reason'), 'Does not fit');
    await user.click(screen.getByRole('button', { name: 'Ask to return' }));
    expect(await screen.findByText('Nothing on this order can be returned now.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Return or report a problem' })).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Request BZ-7-R1 sent. We will email you when the shop answers.');
  });

  it('reports a final-sale line as damaged or missing through a claim', async () => {
    const calls = stubApi({ [returnsPath]: returnable, [`POST /api/v1/orders/${ORDER}/returns`]: { ...aReturn, kind: 'claim' } });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} />);
    await user.click(await screen.findByLabelText('Report damaged or missing items'));
    const socks = screen.getByLabelText(/Socks/);
    expect(socks).toBeEnabled();
    expect(socks).toHaveAttribute('max', '1');
    await user.clear(socks);
    await user.type(socks, '1');
    await user.selectOptions(screen.getByLabelText('Reason'), 'Changed my mind');
    await user.click(screen.getByRole('button', { name: 'Report the problem' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        kind: 'claim',
        lines: [{ itemId: 'i2', quantity: 1 }],
        reason: 'Changed my mind',
      }),
    );
    expect(calls.find((c) => c.method === 'POST')!.search).toBe('');
  });

  it('sends nothing without an item and a reason, and shows what the server refuses', async () => {
    const calls = stubApi({
      [returnsPath]: returnable,
      [`POST /api/v1/orders/${ORDER}/returns`]: replyError(409, {
        code: 'CONFLICT',
        message: 'Only 1 can be returned.',
        details: [{ path: 'lines.0.quantity', message: 'Only 1 can be returned' }],
      }),
    });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} />);
    await user.click(await screen.findByRole('button', { name: 'Ask to return' }));
    expect(screen.getByText('Choose at least one item.')).toHaveAttribute('role', 'alert');
    expect(screen.getByText('Choose a reason.')).toHaveAttribute('role', 'alert');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText(/Shirt/), '2');
    await user.selectOptions(screen.getByLabelText('Reason'), 'Does not fit');
    await user.click(screen.getByRole('button', { name: 'Ask to return' }));
    expect(await screen.findByText('Only 1 can be returned.')).toHaveAttribute('role', 'alert');
    expect(screen.getByText('Only 1 can be returned')).toHaveAttribute('role', 'alert');
  });

  it('says why nothing can be returned and offers no form', async () => {
    stubApi({
      [returnsPath]: {
        ...returnable,
        blocked: 'The 30-day return window has ended.',
        lines: returnable.lines.map((l) => ({ ...l, returnable: 0, claimable: 0 })),
      },
    });
    renderWithProviders(<ReturnsSection orderId={ORDER} />);
    expect(await screen.findByText('The 30-day return window has ended.')).toBeInTheDocument();
    expect(screen.getByText('Return window: until December 31, 2026')).toBeInTheDocument();
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Ask to return' })).toBeNull();
  });

  it('lists the returns with their refund, and withdraws one the server still allows to', async () => {
    const refunded: Return = {
      ...aReturn,
      id: 'r2',
      number: 'BZ-7-R2',
      status: 'refunded',
      allowedActions: [],
      refund: { original: usd(1500), storeCredit: usd(300), shippingFee: usd(200), restockingFee: usd(0) },
    };
    const calls = stubApi({
      [returnsPath]: { ...returnable, returns: [aReturn, refunded] },
      'POST /api/v1/returns/r1/cancel': { ...aReturn, status: 'cancelled', allowedActions: [] },
    });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} token="t" />);
    const second = within(await screen.findByRole('listitem', { name: 'Return BZ-7-R2' }));
    expect(second.getByTestId('return-status')).toHaveTextContent('Refunded');
    expect(second.getByTestId('return-refund')).toHaveTextContent(
      'Refunded: $15.00 back to your original payment and $3.00 as store credit (less return shipping $2.00).',
    );
    expect(second.queryByRole('button', { name: 'Withdraw' })).toBeNull();

    const first = within(screen.getByRole('listitem', { name: 'Return BZ-7-R1' }));
    expect(first.getByText('Reason: Does not fit — Too small')).toBeInTheDocument();
    await user.click(first.getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(calls.find((c) => c.path === '/api/v1/returns/r1/cancel')?.search).toBe('token=t'));
  });

  it('refetches when one of the order’s returns changes, and only then', async () => {
    let answer: Returnability = returnable;
    const calls = stubApi({ [returnsPath]: () => answer });
    renderWithProviders(<ReturnsSection orderId={ORDER} />);
    await screen.findByLabelText(/Shirt/);
    const fetches = () => calls.filter((c) => c.path === `/api/v1/orders/${ORDER}/returns`).length;
    expect(fetches()).toBe(1);
    const event = (orderId: string): ReturnUpdated => ({ orderId, returnId: 'r1', number: 'BZ-7-R1', status: 'approved' });

    act(() => listeners.get('return:updated')!(event('00000000-0000-4000-8000-0000000000ff')));
    answer = { ...returnable, returns: [{ ...aReturn, status: 'approved', allowedActions: [] }] };
    act(() => listeners.get('return:updated')!(event(ORDER)));
    expect(await screen.findByTestId('return-status')).toHaveTextContent('Approved');
    expect(fetches()).toBe(2);
  });

  it('asks to exchange a line for another of the product’s variants the server offers', async () => {
    const offer: Returnability = {
      ...returnable,
      lines: [
        {
          ...returnable.lines[0]!,
          exchangeOptions: [
            { variantId: '00000000-0000-4000-8000-0000000000c1', title: 'L', price: usd(2000) },
            { variantId: '00000000-0000-4000-8000-0000000000c2', title: 'XL', price: usd(2200) },
          ],
        },
        returnable.lines[1]!,
      ],
    };
    const calls = stubApi({ [returnsPath]: offer, [`POST /api/v1/orders/${ORDER}/returns`]: { ...aReturn, kind: 'exchange' } });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} />);
    await user.click(await screen.findByLabelText('Exchange for another size or colour'));
    const shirt = screen.getByLabelText(/Shirt \(M\)/);
    await user.clear(shirt);
    await user.type(shirt, '1');
    await user.selectOptions(screen.getByLabelText('Exchange for'), '00000000-0000-4000-8000-0000000000c2');
    await user.selectOptions(screen.getByLabelText('Reason'), 'Does not fit');
    await user.click(screen.getByRole('button', { name: /Ask to (return|exchange)/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        kind: 'exchange',
        lines: [{ itemId: 'i1', quantity: 1 }],
        reason: 'Does not fit',
        exchange: [{ variantId: '00000000-0000-4000-8000-0000000000c2', quantity: 1 }],
      }),
    );
  });

  it('uploads photos of the problem to a waiting request as multipart "photos"', async () => {
    const calls = stubApi({
      [returnsPath]: { ...returnable, returns: [aReturn] },
      [`POST /api/v1/returns/${aReturn.id}/photos`]: { ...aReturn, photos: ['/media/returns/x-large.webp'] },
    });
    const { user } = renderWithProviders(<ReturnsSection orderId={ORDER} token="t1" />);
    const input = await screen.findByLabelText(/Add photos/);
    await user.upload(input, new File([new Uint8Array([137, 80, 78, 71])], 'dent.png', { type: 'image/png' }));
    await waitFor(() => expect(calls.find((c) => c.path === `/api/v1/returns/${aReturn.id}/photos`)).toBeDefined());
    const post = calls.find((c) => c.path === `/api/v1/returns/${aReturn.id}/photos`)!;
    expect(post.search).toBe('token=t1');
    expect(post.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.csrf).toBeTruthy();
    // The section is read again after the upload (its photos come from the server).
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === `/api/v1/orders/${ORDER}/returns`)).toHaveLength(2));
  });

  it('fetches the store credit again when one of the order’s returns is refunded', async () => {
    let credit = 0;
    const calls = stubApi({
      [returnsPath]: returnable,
      'GET /api/v1/me/store-credit': () => ({ balance: usd(credit), entries: [] }),
    });
    renderWithProviders(
      <>
        <StoreCreditLine />
        <ReturnsSection orderId={ORDER} />
      </>,
    );
    await screen.findByLabelText(/Shirt/);
    const creditFetches = () => calls.filter((c) => c.path === '/api/v1/me/store-credit').length;
    await waitFor(() => expect(creditFetches()).toBe(1));
    const event = (status: ReturnUpdated['status']): ReturnUpdated => ({ orderId: ORDER, returnId: 'r1', number: 'BZ-7-R1', status });

    act(() => listeners.get('return:updated')!(event('received')));
    await waitFor(() => expect(calls.filter((c) => c.path === `/api/v1/orders/${ORDER}/returns`).length).toBe(2));
    expect(creditFetches()).toBe(1);
    credit = 5200;
    act(() => listeners.get('return:updated')!(event('refunded')));
    expect(await screen.findByText('Store credit: $52.00')).toBeInTheDocument();
    expect(creditFetches()).toBe(2);
  });

  it('refetches when the order’s status changes: delivered, the return form opens without a reload', async () => {
    let answer: Returnability = {
      ...returnable,
      blocked: 'Items can be returned once the order is delivered.',
      windowEndsAt: null,
      lines: returnable.lines.map((l) => ({ ...l, returnable: 0, claimable: 0 })),
    };
    const calls = stubApi({ [returnsPath]: () => answer });
    renderWithProviders(<ReturnsSection orderId={ORDER} />);
    await screen.findByText('Items can be returned once the order is delivered.');
    expect(screen.queryByRole('form', { name: 'Return or report a problem' })).toBeNull();
    const fetches = () => calls.filter((c) => c.path === `/api/v1/orders/${ORDER}/returns`).length;
    const event = (orderId: string): OrderStatusChanged => ({ orderId, number: 'BZ-7', status: 'delivered', paymentStatus: 'paid' });

    act(() => listeners.get('order:status')!(event('00000000-0000-4000-8000-0000000000ff')));
    answer = returnable;
    act(() => listeners.get('order:status')!(event(ORDER)));
    expect(await screen.findByRole('form', { name: 'Return or report a problem' })).toBeInTheDocument();
    expect(screen.queryByText('Items can be returned once the order is delivered.')).toBeNull();
    expect(fetches()).toBe(2);
  });
});
