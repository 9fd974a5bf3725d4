import type { Money } from '@bazaar/shared';

const formatters = new Map<string, Intl.NumberFormat>();
/** Money is integer minor units; it becomes a string only here, for display. */
export function formatMoney(m: Money): string {
  let f = formatters.get(m.currency);
  if (!f) formatters.set(m.currency, (f = new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency })));
  return f.format(m.amount / 100);
}

export const AVAILABILITY_LABEL = { in_stock: 'In stock', low_stock: 'Only a few left', out_of_stock: 'Out of stock' } as const;
