import { chosenAmountRange, type Availability, type ProductImage, type ProductSummary, type Variant } from '@bazaar/shared';
import { availabilityOf } from '../inventory';
import { parseJson, type ImageRow, type ProductRow, type SummaryRow, type VariantRow } from './catalog.repository';

type Size = { size: 'thumb' | 'medium' | 'large'; url: string; width: number; height: number };

export const money = (amount: number | string, currency: string) => ({ amount: Number(amount), currency });

/** A chosen-amount gift card's range (minor units), or null when the product sells fixed amounts. */
export const chosenAmountOf = (p: Pick<ProductRow, 'gift_card_min' | 'gift_card_max'>) =>
  chosenAmountRange(p.gift_card_min, p.gift_card_max);

export function toImage(row: ImageRow): ProductImage {
  const sizes = parseJson<Size[]>(row.sizes as string);
  const main = sizes.find((s) => s.size === 'medium') ?? sizes[0];
  return { id: row.id, url: main?.url ?? '', alt: row.alt, position: Number(row.position), sizes };
}

export function toSummary(row: SummaryRow, availability: Availability, image?: ImageRow): ProductSummary {
  const compareAt =
    row.min_compare_at_price !== null && Number(row.min_compare_at_price) > Number(row.min_price)
      ? Number(row.min_compare_at_price)
      : undefined;
  const img = image ? toImage(image) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    brand: row.brand,
    price: money(row.min_price, row.currency),
    ...(compareAt !== undefined ? { compareAtPrice: money(compareAt, row.currency) } : {}),
    rating: { average: Number(row.rating_avg), count: Number(row.rating_count) },
    ...(img ? { image: { url: (img.sizes.find((s) => s.size === 'thumb') ?? img).url, alt: img.alt || row.title } } : {}),
    availability,
  };
}

export function levelOf(row: VariantRow) {
  return {
    onHand: Number(row.on_hand),
    reserved: Number(row.reserved),
    lowStockThreshold: Number(row.low_stock_threshold),
    allowBackorder: Boolean(row.allow_backorder),
  };
}

export function toVariant(row: VariantRow, showCount: boolean): Variant {
  const level = levelOf(row);
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    options: parseJson<Record<string, string>>(row.options as string),
    price: money(row.price_amount, row.currency),
    ...(row.compare_at_amount !== null ? { compareAtPrice: money(row.compare_at_amount, row.currency) } : {}),
    availability: availabilityOf(level),
    ...(showCount ? { available: Math.max(0, level.onHand - level.reserved) } : {}),
  };
}
