import type { Availability } from '@bazaar/shared';

export interface StockLevel {
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  allowBackorder: boolean;
}

/** Shoppers see a level, not the count: backorderable items stay buyable. */
export function availabilityOf(level: StockLevel): Availability {
  const available = level.onHand - level.reserved;
  if (level.allowBackorder) return 'in_stock';
  if (available <= 0) return 'out_of_stock';
  return available <= level.lowStockThreshold ? 'low_stock' : 'in_stock';
}

const RANK: Record<Availability, number> = { out_of_stock: 0, low_stock: 1, in_stock: 2 };
/** A product is as available as its most available variant. */
export const bestAvailability = (levels: Availability[]): Availability =>
  levels.reduce<Availability>((best, a) => (RANK[a] > RANK[best] ? a : best), 'out_of_stock');

/** The same rule in SQL, over inventory_levels aliased `il` (2 in stock, 1 low, 0 out). */
export const AVAILABILITY_RANK_SQL = `CASE
  WHEN il.allow_backorder = 1 OR il.on_hand - il.reserved > il.low_stock_threshold THEN 2
  WHEN il.on_hand - il.reserved > 0 THEN 1
  ELSE 0 END`;
/** Whether product `p` can be bought: some variant has stock or takes backorders (the `in_stock` column). */
export const PRODUCT_IN_STOCK_SQL = `EXISTS (SELECT 1 FROM variants v JOIN inventory_levels il ON il.variant_id = v.id
  WHERE v.product_id = p.id AND (il.allow_backorder = 1 OR il.on_hand - il.reserved > 0))`;

export const RANK_TO_AVAILABILITY: Availability[] = ['out_of_stock', 'low_stock', 'in_stock'];
