import type { Availability } from '@bazaar/shared';

export interface StockLevel {
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  allowBackorder: boolean;
}

/** Shoppers see a level, not the count: backorderable items stay buyable (in SQL: AVAILABILITY_RANK_SQL, inventory.repository.ts). */
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

/** AVAILABILITY_RANK_SQL's ranks as levels. */
export const RANK_TO_AVAILABILITY: Availability[] = ['out_of_stock', 'low_stock', 'in_stock'];
