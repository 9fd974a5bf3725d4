import { convertAmount, convertAmountBack, currencyDigits } from './currency';

describe('currencyDigits (ISO 4217 minor units)', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['ISK', 0],
  ])('%s has %i', (code, digits) => expect(currencyDigits(code)).toBe(digits));
});

describe('convertAmount: a table of cases', () => {
  it.each([
    // amount, from, to, rate, rule, expected
    [1999, 'USD', 'EUR', '0.92', 'exact', 1839], // 18.3908 → 18.39
    [1999, 'USD', 'EUR', '0.92', 'whole', 1800], // 18.39 → 18
    [1950, 'USD', 'EUR', '1', 'whole', 2000], // half up
    [1999, 'USD', 'EUR', '0.92', 'x99', 1899], // 18.39 → 18.99
    [1230, 'USD', 'EUR', '1', 'x99', 1299],
    [1299, 'USD', 'EUR', '1', 'x99', 1299], // already ends in .99
    [1300, 'USD', 'EUR', '1', 'x99', 1399],
    [1999, 'USD', 'JPY', '150.25', 'exact', 3003], // 19.99 × 150.25 = 3003.4975 → ¥3,003
    [1999, 'USD', 'JPY', '150.25', 'x99', 3099],
    [1999, 'USD', 'JPY', '150.25', 'whole', 3003],
    [1999, 'USD', 'KWD', '0.3071', 'exact', 6139], // 6.1389 KWD → 6.139
    [1999, 'USD', 'KWD', '0.3071', 'x99', 6990],
    [300000, 'JPY', 'USD', '0.006655', 'exact', 199650], // ¥300,000 → 1996.50
    [5, 'USD', 'EUR', '0.1', 'exact', 1], // 0.5 cent rounds half up
    [4, 'USD', 'EUR', '0.1', 'exact', 0],
    [0, 'USD', 'EUR', '0.92', 'x99', 0],
  ] as const)('%i %s → %s at %s (%s) = %i', (amount, from, to, rate, rule, expected) => {
    expect(convertAmount(amount, from, to, rate, rule)).toBe(expected);
  });

  it('is exact for large amounts (no floating point)', () => {
    expect(convertAmount(9_007_199_254_740, 'USD', 'EUR', '1.0000001', 'exact')).toBe(9_007_200_155_460); // 9,007,199,254,740 + 900,719.925474;
  });

  it('refuses a rate that is not a decimal', () => {
    expect(() => convertAmount(100, 'USD', 'EUR', '1e3')).toThrow(RangeError);
  });
});

describe('convertAmountBack: a market amount in the base currency', () => {
  it.each([
    // amount, base, currency, rate, expected
    [920, 'USD', 'EUR', '0.92', 1000], // 9.20 EUR at 0.92 → 10.00 USD
    [1839, 'USD', 'EUR', '0.92', 1999], // 19.9891… → 19.99
    [150, 'USD', 'JPY', '150', 100], // ¥150 → 1.00 USD
    [0, 'USD', 'EUR', '0.92', 0],
  ])('%i %s→%s at %s is %i', (amount, base, currency, rate, expected) =>
    expect(convertAmountBack(amount, base, currency, rate)).toBe(expected),
  );
});
