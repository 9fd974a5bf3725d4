import { z } from 'zod';
import { Id, Slug } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';
import { MarketQuery } from '../markets/markets.schemas';

export const Availability = z.enum(['in_stock', 'low_stock', 'out_of_stock']);
export type Availability = z.infer<typeof Availability>;

export const ImageSize = z.object({
  size: z.enum(['thumb', 'medium', 'large']),
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export const ProductImage = z
  .object({ id: Id, url: z.string(), alt: z.string(), position: z.number().int(), sizes: z.array(ImageSize) })
  .meta({ id: 'ProductImage' });
export type ProductImage = z.infer<typeof ProductImage>;

export const RatingSummary = z.object({ average: z.number().min(0).max(5), count: z.number().int().min(0) });

export const ProductSummary = z
  .object({
    id: Id,
    slug: z.string(),
    title: z.string(),
    brand: z.string(),
    price: Money,
    compareAtPrice: Money.optional(),
    rating: RatingSummary,
    image: z.object({ url: z.string(), alt: z.string() }).optional(),
    availability: Availability,
    /** For a signed-in shopper: whether it is on their wishlist. */
    wished: z.boolean().optional(),
  })
  .meta({ id: 'ProductSummary' });
export type ProductSummary = z.infer<typeof ProductSummary>;

export const VariantOptions = z.record(z.string().min(1).max(32), z.string().min(1).max(64));

export const Variant = z
  .object({
    id: Id,
    sku: z.string(),
    title: z.string(),
    options: VariantOptions,
    price: Money,
    compareAtPrice: Money.optional(),
    availability: Availability,
    /** Present only when the shop is configured to show stock counts. */
    available: z.number().int().optional(),
  })
  .meta({ id: 'Variant' });
export type Variant = z.infer<typeof Variant>;

export const Breadcrumb = z.object({ id: Id, slug: z.string(), name: z.string() });
export type Breadcrumb = z.infer<typeof Breadcrumb>;

export const ProductDetail = ProductSummary.extend({
  description: z.string(),
  tags: z.array(z.string()),
  categories: z.array(Breadcrumb),
  images: z.array(ProductImage),
  variants: z.array(Variant),
  related: z.array(ProductSummary),
  ratingHistogram: z.array(z.number().int()).length(5),
  seo: z.object({ title: z.string(), description: z.string() }),
  /** Present (true) when the product cannot be returned. */
  finalSale: z.literal(true).optional(),
  /** Present (true) for a gift card: adding it to the cart needs a recipient (AddCartItem.giftCard). */
  giftCard: z.literal(true).optional(),
  /** A gift card whose amount the shopper chooses (AddCartItem.giftCard.amount), within these bounds. */
  chosenAmount: z.object({ min: Money, max: Money }).optional(),
}).meta({ id: 'ProductDetail' });
export type ProductDetail = z.infer<typeof ProductDetail>;

export type CategoryNode = { id: string; slug: string; name: string; description?: string; children: CategoryNode[] };
export const CategoryNode: z.ZodType<CategoryNode> = z.lazy(() =>
  z.object({ id: Id, slug: z.string(), name: z.string(), description: z.string().optional(), children: z.array(CategoryNode) }),
);
export const CategoryTree = z.object({ items: z.array(CategoryNode) });
export type CategoryTree = z.infer<typeof CategoryTree>;
export const CategoryDetail = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  description: z.string().optional(),
  breadcrumbs: z.array(Breadcrumb),
  children: z.array(Breadcrumb),
});
export type CategoryDetail = z.infer<typeof CategoryDetail>;

export const ProductSort = z.enum(['newest', 'price_asc', 'price_desc', 'rating', 'best_selling']);
export type ProductSort = z.infer<typeof ProductSort>;

const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const minorUnits = z.coerce.number().int('Must be whole minor units').min(0);

/** GET /products: query parameters are snake_case; prices in minor units. */
export const ProductListQuery = PaginationQuery.extend({
  category: Slug.optional(),
  price_min: minorUnits.optional(),
  price_max: minorUnits.optional(),
  in_stock: queryBool.optional(),
  brand: z.string().trim().min(1).max(120).optional(),
  tag: z.string().trim().min(1).max(64).optional(),
  rating: z.coerce.number().min(0).max(5).optional(),
  sort: ProductSort.default('newest'),
  ...MarketQuery.shape,
})
  .strict()
  .refine((q) => q.price_min === undefined || q.price_max === undefined || q.price_min <= q.price_max, {
    error: 'price_min must not exceed price_max',
    path: ['price_min'],
  });
export type ProductListQuery = z.infer<typeof ProductListQuery>;
export const ProductList = paginated(ProductSummary);
/** A catalog read in a market and a language (`?market=eu&lang=de`); other parameters (a campaign's `utm_…`) are ignored. */
export const CatalogReadQuery = MarketQuery;
export type ProductList = z.infer<typeof ProductList>;

/** `GET /brands`: the brands of active products with how many each has. */
export const BrandCount = z.object({ value: z.string(), count: z.number().int() });
export type BrandCount = z.infer<typeof BrandCount>;
export const BrandList = z.object({ items: z.array(BrandCount) });
export type BrandList = z.infer<typeof BrandList>;
