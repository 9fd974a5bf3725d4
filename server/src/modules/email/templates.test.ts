import { orderConfirmationMessage, orderRefundedMessage } from './templates';

const order = (amount: number, currency: string) => ({
  number: 'BZ-10001',
  email: 'sam@example.com',
  total: { amount, currency },
  items: [{ title: 'Oak Sofa', variantTitle: 'Green', quantity: 1 }],
});

describe('order emails', () => {
  it('write money with the shared formatter: the currency’s own minor digits, exact', () => {
    expect(orderConfirmationMessage(order(129999, 'USD'), 'http://x/o').text).toContain('Total: $1,299.99');
    // Yen have no minor unit: 1999 JPY is ¥1,999, not ¥19.99.
    expect(orderConfirmationMessage(order(1999, 'JPY'), 'http://x/o').text).toContain('Total: ¥1,999');
    expect(orderRefundedMessage(order(500, 'EUR'), { amount: 250, currency: 'EUR' }, 'http://x/o').subject).toBe(
      'Refund for order BZ-10001',
    );
    expect(orderRefundedMessage(order(500, 'EUR'), { amount: 250, currency: 'EUR' }, 'http://x/o').html).toContain('We refunded €2.50');
  });
});
