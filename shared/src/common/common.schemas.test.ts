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

import { normalizeSlug, Slug } from './index';
describe('Slug', () => {
  it('normalises to lower-case words joined by single hyphens', () => {
    expect(Slug.parse('storage--tables')).toBe('storage-tables');
    expect(Slug.parse(' Storage--Tables ')).toBe('storage-tables');
    expect(Slug.parse('-café_déco-')).toBe('cafe-deco');
    expect(Slug.parse('trail-tent-2p')).toBe('trail-tent-2p');
    expect(normalizeSlug(normalizeSlug('A  b--c'))).toBe(normalizeSlug('A  b--c'));
  });
  it('refuses only what holds no letter or digit, or is too long, and says which', () => {
    expect(Slug.safeParse('---').error?.issues.map((i) => i.message)).toEqual(['Must contain a letter or a digit']);
    expect(Slug.safeParse('a'.repeat(181)).error?.issues.map((i) => i.message)).toEqual(['Must be at most 180 characters']);
  });
});
