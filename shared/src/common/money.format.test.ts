import { formatMoney } from './index';

describe('formatMoney', () => {
  it('shows integer minor units in the currency, with its symbol and grouping', () => {
    expect(formatMoney({ amount: 1999, currency: 'USD' })).toBe('$19.99');
    expect(formatMoney({ amount: 0, currency: 'USD' })).toBe('$0.00');
    expect(formatMoney({ amount: 7, currency: 'USD' })).toBe('$0.07');
    expect(formatMoney({ amount: 123456789, currency: 'USD' })).toBe('$1,234,567.89');
    expect(formatMoney({ amount: -2500, currency: 'USD' })).toBe('-$25.00');
    expect(formatMoney({ amount: 1999, currency: 'EUR' })).toBe('€19.99');
  });

  it('uses the currency’s own minor unit: yen have none, dinars have three', () => {
    expect(formatMoney({ amount: 1999, currency: 'JPY' })).toBe('¥1,999');
    expect(formatMoney({ amount: 1999, currency: 'KWD' })).toBe('KWD\u00a01.999');
  });

  it('is exact for amounts a float division would round', () => {
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'USD' })).toBe('$90,071,992,547,409.91');
  });

  it('formats for another locale when asked', () => {
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
  });
});
