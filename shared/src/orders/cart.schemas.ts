import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { GiftCardRecipient, GiftCardRecipientInput } from '../balances/gift-card.schemas';
import { MarketCode } from '../markets/markets.schemas';
import { CartPromotion } from './promotion.schemas';

export const CartWarning = z.object({
  code: z.enum([
    'PRICE_CHANGED',
    'INSUFFICIENT_STOCK',
    'UNAVAILABLE',
    'COUPON_NOT_APPLICABLE',
    'PROMOTION_NOT_APPLICABLE',
    'MARKET_CHANGED',
  ]),
  message: z.string(),
});
export type CartWarning = z.infer<typeof CartWarning>;

export const CartItem = z.object({
  id: Id,
  variantId: Id,
  productSlug: z.string(),
  title: z.string(),
  variantTitle: z.string(),
  sku: z.string(),
  image: z.string().optional(),
  quantity: z.number().int().min(1),
  unitPrice: Money,
  lineTotal: Money,
  /** What coupons and promotions took off this line. */
  discount: Money.optional(),
  warnings: z.array(CartWarning),
  /** On a gift-card line: who the card is for. */
  giftCard: GiftCardRecipient.optional(),
});
export type CartItem = z.infer<typeof CartItem>;

export const Totals = z.object({ subtotal: Money, discount: Money, shipping: Money, tax: Money, total: Money }).meta({ id: 'Totals' });
export type Totals = z.infer<typeof Totals>;

export const Cart = z
  .object({
    id: Id.nullable(),
    items: z.array(CartItem),
    itemCount: z.number().int(),
    coupon: z.object({ code: z.string() }).optional(),
    /** The promotions that applied (automatic ones and codes), each with what it took off which items. */
    promotions: z.array(CartPromotion).optional(),
    /** Promotion codes entered; one that does not apply says why in a PROMOTION_NOT_APPLICABLE warning. */
    promotionCodes: z.array(z.string()).optional(),
    totals: Totals,
    warnings: z.array(CartWarning),
    /** The market the cart is priced in (`default`: the shop's own currency); its totals are in that market's currency. */
    market: z.string(),
  })
  .meta({ id: 'Cart' });
export type Cart = z.infer<typeof Cart>;

/** `giftCard` is required for a gift-card product (and refused for any other); lines for different recipients stay apart. */
export const AddCartItem = z
  .object({ variantId: Id, quantity: z.number().int().min(1).max(1000), giftCard: GiftCardRecipientInput.optional() })
  .strict();
export type AddCartItem = z.infer<typeof AddCartItem>;
export const UpdateCartItem = z.object({ quantity: z.number().int().min(1).max(1000) }).strict();
/** PUT /cart/market: price the cart in another market. */
export const SetCartMarket = z.object({ market: MarketCode }).strict();
export const ApplyCoupon = z.object({ code: z.string().trim().min(1).max(64) }).strict();
export const PromotionCodeParams = z.object({ code: z.string().trim().min(1).max(64) }).strict();
