import { z } from 'zod';
import { Id, Slug } from '../common/ids.schemas';
import { CurrencyCode, Money } from '../common/money.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';
import { Availability, VariantOptions } from './catalog.schemas';
import { ChosenAmountRange } from '../balances/gift-card.schemas';

export const ProductStatus = z.enum(['draft', 'active', 'archived']);
export type ProductStatus = z.infer<typeof ProductStatus>;

const Tag = z.string().trim().toLowerCase().min(1).max(64);
const Sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'Letters, digits, dot, dash and underscore only');

export const CategoryInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: Slug.optional(),
    description: z.string().max(5000).optional(),
    parentId: Id.nullable().optional(),
    sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  })
  .strict();
export type CategoryInput = z.infer<typeof CategoryInput>;
export const CategoryUpdate = CategoryInput.partial().strict();
export type CategoryUpdate = z.infer<typeof CategoryUpdate>;
export const AdminCategory = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  description: z.string().optional(),
  parentId: Id.nullable(),
  sortOrder: z.number().int(),
});
export type AdminCategory = z.infer<typeof AdminCategory>;

/** The low-stock threshold a variant gets when none is given (admin form, API, CSV). */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

export const StockInput = z
  .object({
    onHand: z.number().int().min(0).max(10_000_000).default(0),
    lowStockThreshold: z.number().int().min(0).max(1_000_000).default(DEFAULT_LOW_STOCK_THRESHOLD),
    allowBackorder: z.boolean().default(false),
  })
  .strict();

export const VariantInput = z
  .object({
    sku: Sku,
    title: z.string().trim().max(200).optional(),
    options: VariantOptions.default({}),
    price: Money.refine((m) => m.amount >= 0, { error: 'Must not be negative', path: ['amount'] }),
    compareAtPrice: Money.optional(),
    weightGrams: z.number().int().min(0).max(1_000_000).optional(),
    stock: StockInput.optional(),
  })
  .strict();
export type VariantInput = z.infer<typeof VariantInput>;

export const VariantUpdate = z
  .object({
    sku: Sku.optional(),
    title: z.string().trim().max(200).optional(),
    options: VariantOptions.optional(),
    price: Money.optional(),
    compareAtPrice: Money.nullable().optional(),
    weightGrams: z.number().int().min(0).max(1_000_000).nullable().optional(),
    lowStockThreshold: z.number().int().min(0).max(1_000_000).optional(),
    allowBackorder: z.boolean().optional(),
  })
  .strict();
export type VariantUpdate = z.infer<typeof VariantUpdate>;

export const ProductInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    slug: Slug.optional(),
    description: z.string().max(20_000).default(''),
    brand: z.string().trim().max(120).default(''),
    /** Final sale: cannot be returned (damage claims still can be made). */
    finalSale: z.boolean().default(false),
    /** A gift card: each variant's price is a card's amount; no stock limit; the shopper names the recipient. */
    giftCard: z.boolean().default(false),
    /** A gift card the shopper chooses the amount of, within this range (minor units); null: the variants' fixed amounts. */
    chosenAmount: ChosenAmountRange.nullable().default(null),
    tags: z.array(Tag).max(30).default([]),
    status: ProductStatus.default('draft'),
    seoTitle: z.string().trim().max(200).optional(),
    seoDescription: z.string().trim().max(320).optional(),
    categoryIds: z.array(Id).max(20).default([]),
    primaryCategoryId: Id.optional(),
    variants: z.array(VariantInput).min(1, 'A product needs at least one variant').max(100),
  })
  .strict();
export type ProductInput = z.infer<typeof ProductInput>;

/**
 * Written out rather than `ProductInput.partial()`: in zod 4 a partial field keeps its inner
 * default, so a PATCH that omits `status` would reset it to draft.
 */
export const ProductUpdate = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    slug: Slug.optional(),
    description: z.string().max(20_000).optional(),
    brand: z.string().trim().max(120).optional(),
    finalSale: z.boolean().optional(),
    giftCard: z.boolean().optional(),
    chosenAmount: ChosenAmountRange.nullable().optional(),
    tags: z.array(Tag).max(30).optional(),
    status: ProductStatus.optional(),
    seoTitle: z.string().trim().max(200).nullable().optional(),
    seoDescription: z.string().trim().max(320).nullable().optional(),
    categoryIds: z.array(Id).max(20).optional(),
    primaryCategoryId: Id.optional(),
  })
  .strict();
export type ProductUpdate = z.infer<typeof ProductUpdate>;

export const AdminVariant = z.object({
  id: Id,
  sku: z.string(),
  title: z.string(),
  options: VariantOptions,
  price: Money,
  compareAtPrice: Money.optional(),
  weightGrams: z.number().int().nullable(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
  allowBackorder: z.boolean(),
  availability: Availability,
});
export type AdminVariant = z.infer<typeof AdminVariant>;

export const AdminProduct = z
  .object({
    id: Id,
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    brand: z.string(),
    finalSale: z.boolean(),
    giftCard: z.boolean(),
    /** A chosen-amount gift card: the range the shopper chooses from (minor units); null for fixed amounts. */
    chosenAmount: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
    tags: z.array(z.string()),
    status: ProductStatus,
    seoTitle: z.string().nullable(),
    seoDescription: z.string().nullable(),
    categoryIds: z.array(Id),
    primaryCategoryId: Id.nullable(),
    currency: CurrencyCode,
    variants: z.array(AdminVariant),
    images: z.array(z.object({ id: Id, url: z.string(), alt: z.string(), position: z.number().int() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AdminProduct' });
export type AdminProduct = z.infer<typeof AdminProduct>;

export const AdminProductListQuery = PaginationQuery.extend({
  q: z.string().trim().max(200).optional(),
  status: ProductStatus.optional(),
}).strict();
export type AdminProductListQuery = z.infer<typeof AdminProductListQuery>;
export const AdminProductSummary = z.object({
  id: Id,
  slug: z.string(),
  title: z.string(),
  brand: z.string(),
  status: ProductStatus,
  variantCount: z.number().int(),
  minPrice: Money,
  inStock: z.boolean(),
  updatedAt: z.string(),
});
export type AdminProductSummary = z.infer<typeof AdminProductSummary>;
export const AdminProductList = paginated(AdminProductSummary);

export const StockReason = z.enum(['restock', 'adjustment', 'return']);
export type StockReason = z.infer<typeof StockReason>;
export const StockAdjustment = z
  .object({
    delta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((d) => d !== 0, { error: 'Must not be zero' }),
    reason: StockReason,
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type StockAdjustment = z.infer<typeof StockAdjustment>;

/** One variant's stock as the inventory screen lists it. */
export const InventoryRow = z.object({
  variantId: Id,
  productId: Id,
  productTitle: z.string(),
  sku: z.string(),
  variantTitle: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
  allowBackorder: z.boolean(),
  low: z.boolean(),
});
export type InventoryRow = z.infer<typeof InventoryRow>;
export const InventoryListQuery = PaginationQuery.extend({
  q: z.string().trim().max(200).optional(),
  /** Only variants at or below their low-stock threshold. */
  low: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
}).strict();
export type InventoryListQuery = z.infer<typeof InventoryListQuery>;
export const InventoryList = paginated(InventoryRow);

export const LedgerEntry = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  reservedDelta: z.number().int(),
  reason: z.enum(['restock', 'adjustment', 'reservation', 'release', 'sale', 'return', 'import']),
  referenceType: z.string().nullable(),
  referenceId: z.string().nullable(),
  onHandBefore: z.number().int(),
  onHandAfter: z.number().int(),
  reservedBefore: z.number().int(),
  reservedAfter: z.number().int(),
  actorUserId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const LedgerList = paginated(LedgerEntry);

export const ImageOrder = z.object({ imageIds: z.array(Id).min(1).max(100) }).strict();
export const ImageUpdate = z.object({ alt: z.string().trim().max(300) }).strict();

export const ImportReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), sku: z.string().optional(), messages: z.array(z.string()) })),
});
export type ImportReport = z.infer<typeof ImportReport>;
