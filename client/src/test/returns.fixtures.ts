import type { Return, ReturnLine } from '@bazaar/shared';

export const usd = (amount: number) => ({ amount, currency: 'USD' });

export const returnLine = (line: Partial<ReturnLine> = {}): ReturnLine => ({
  id: 'l1',
  itemId: 'i1',
  sku: 'SHIRT-M',
  title: 'Shirt',
  variantTitle: 'M',
  quantity: 1,
  receivedQuantity: null,
  restock: null,
  paid: usd(2000),
  ...line,
});

/** A return of order BZ-7 as the API answers it: requested, one line; override what a test is about. */
export const makeReturn = (r: Partial<Return> = {}): Return => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  number: 'BZ-7-R1',
  orderId: '00000000-0000-4000-8000-000000000001',
  orderNumber: 'BZ-7',
  email: 'sam@example.com',
  kind: 'return',
  status: 'requested',
  reason: 'Does not fit',
  note: null,
  staffNote: null,
  photos: [],
  exchange: [],
  replacementOrder: null,
  lines: [returnLine()],
  refund: null,
  events: [],
  allowedActions: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...r,
});
