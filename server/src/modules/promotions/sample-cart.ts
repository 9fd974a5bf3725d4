import { formatMoney } from '@bazaar/shared';
import { notFound } from '../../lib/errors';
import type { CatalogRepository } from '../catalog';
import type { MarketsService } from '../markets';
import type { PromotionDeps } from './promotion.service';

/** The staff preview's sample cart: the variants at their price in the market, with their products' categories. */
export function sampleCartFrom(catalog: CatalogRepository, markets: MarketsService): PromotionDeps['sampleCart'] {
  return async (items, code) => {
    const market = await markets.resolve(code);
    const variants = await catalog.variantsForOrder([...new Set(items.map((i) => i.variantId))]);
    const missing = items.find((i) => !variants.some((v) => v.id === i.variantId));
    if (missing) throw notFound(`The variant ${missing.variantId}`);
    const productIds = [...new Set(variants.map((v) => v.productId))];
    const categories = new Map(await Promise.all(productIds.map(async (id) => [id, await catalog.categoryIdsOf(id)] as const)));
    const prices = await markets.priceIn(
      market,
      items.map((i) => ({ variantId: i.variantId, amount: variants.find((v) => v.id === i.variantId)!.price, compareAtAmount: null })),
    );
    return {
      market: {
        code: market.code,
        currency: market.currency,
        toMarket: (amount) => markets.convert(amount, market),
        toBase: (amount) => markets.toBase(amount, market),
        format: (amount) => formatMoney({ amount, currency: market.currency }),
      },
      lines: items.map((item, i) => {
        const v = variants.find((x) => x.id === item.variantId)!;
        return {
          key: String(i),
          unitPrice: prices[i]!.amount,
          quantity: item.quantity,
          productId: v.productId,
          variantId: v.id,
          categoryIds: categories.get(v.productId) ?? [],
          giftCard: v.giftCard,
          title: `${v.productTitle} — ${v.title}`,
        };
      }),
    };
  };
}
