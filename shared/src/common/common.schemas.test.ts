import { ErrorCode, ERROR_STATUS, Money, PaginationQuery } from './index';

describe('Money', () => {
  it('accepts integer minor units with an ISO currency', () => {
    expect(Money.parse({ amount: 1999, currency: 'USD' })).toEqual({ amount: 1999, currency: 'USD' });
  });
  it.each([
    [{ amount: 19.99, currency: 'USD' }],
    [{ amount: '1999', currency: 'USD' }],
    [{ amount: 1999, currency: 'usd' }],
    [{ amount: 1999, currency: 'USD', symbol: '$' }],
  ])('refuses %j', (value) => {
    expect(Money.safeParse(value).success).toBe(false);
  });
});

describe('PaginationQuery', () => {
  it('defaults to page 1 of 24 and caps the limit at 100', () => {
    expect(PaginationQuery.parse({})).toEqual({ page: 1, limit: 24 });
    expect(PaginationQuery.parse({ page: '3', limit: '100' })).toEqual({ page: 3, limit: 100 });
    expect(PaginationQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(PaginationQuery.safeParse({ page: '0' }).success).toBe(false);
  });
});

describe('error codes', () => {
  it('gives every code an HTTP status', () => {
    for (const code of ErrorCode.options) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ERROR_STATUS.INSUFFICIENT_STOCK).toBe(409);
    expect(ERROR_STATUS.ACCOUNT_LOCKED).toBe(423);
  });
});

import { ProductUpdate } from '../catalog';
describe('update schemas', () => {
  it('leave out what the request leaves out (no defaults sneak into a PATCH)', () => {
    expect(ProductUpdate.parse({ title: 'New' })).toEqual({ title: 'New' });
  });
});
