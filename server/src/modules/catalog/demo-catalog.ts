import { Faker, en } from '@faker-js/faker';
import type { Db } from '../../db/db';
import type { Logger } from '../../lib/logger';
import type { ImageService } from '../media';
import { renderPlaceholderImage } from '../media';
import { toSlug } from './catalog-admin.service';
import {
  DemoCatalogRepository,
  type DemoCategoryRecord,
  type DemoImageRecord,
  type DemoLedgerRecord,
  type DemoProductRecord,
  type DemoStockLevelRecord,
  type DemoVariantRecord,
} from './demo-catalog.repository';

/**
 * The demo shop: a fixed seed makes every run produce the same catalog, offline (images are
 * drawn locally with sharp). 3 top-level categories × 3 × 2 = 30 categories; by default 2,000
 * products with about 6,000 variants, a handful of them low on stock (see demoStockLevel).
 */
export interface DemoCatalogOptions {
  products?: number;
  seed?: number;
  /** Generate and attach placeholder images (off in most tests: it is the slow part). */
  images?: ImageService | false;
  currency?: string;
}

/** What later demo data (reviews, orders) needs to know about a seeded product. */
export interface DemoProduct {
  id: string;
  title: string;
  status: 'active' | 'draft' | 'archived';
  /** Top-level and leaf category names, e.g. Apparel / Knitwear. */
  root: string;
  leaf: string;
  createdAt: Date;
  variants: { id: string; sku: string; title: string; price: number }[];
}

const TREE: Record<string, Record<string, string[]>> = {
  Apparel: { Men: ['Shirts', 'Trousers'], Women: ['Dresses', 'Knitwear'], Kids: ['Tops', 'Outerwear'] },
  Electronics: { Audio: ['Headphones', 'Speakers'], Computing: ['Laptops', 'Keyboards'], Photo: ['Cameras', 'Lenses'] },
  Home: { Kitchen: ['Cookware', 'Knives'], Living: ['Lamps', 'Cushions'], Garden: ['Planters', 'Tools'] },
};
const BRANDS = [
  'Northwind',
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
];
const TAGS = ['new', 'sale', 'eco', 'bestseller', 'gift', 'limited', 'organic', 'premium', 'travel', 'wireless'];
const OPTIONS: Record<string, Record<string, string[]>> = {
  Apparel: { size: ['XS', 'S', 'M', 'L', 'XL'], color: ['Black', 'White', 'Navy', 'Red', 'Olive'] },
  Electronics: { color: ['Black', 'Silver', 'White', 'Blue'], edition: ['Standard', 'Pro'] },
  Home: { color: ['Natural', 'Charcoal', 'Sand', 'Sage'], size: ['Small', 'Medium', 'Large'] },
};
const FIXED_NOW = Date.UTC(2026, 10, 1);

const DEMO_LOW_STOCK_THRESHOLD = 5;
/** Every 400th product (if active) shows low stock: 5 products in the default 2,000. */
const SHOWCASE_EVERY = 400;
const SHOWCASE_OFFSET = 17;

/**
 * Stock of a demo variant. Ordinary variants hold 25–225, well above the threshold of 5, so a fresh
 * shop's low-stock alert lists a handful of variants rather than a quarter of the catalog: the
 * first showcase product is sold out (every variant at 0, so the storefront shows an out-of-stock
 * product), the others have one variant low — alternately 0 and 2 — and the rest stocked.
 */
function demoStockLevel(drawn: number, showcase: number | undefined, position: number): number {
  const stocked = 25 + drawn;
  if (showcase === undefined) return stocked;
  if (showcase === 0) return 0;
  if (position > 0) return stocked;
  return showcase % 2 === 1 ? 0 : 2;
}

export async function seedDemoCatalog(
  db: Db,
  logger: Logger,
  opts: DemoCatalogOptions = {},
): Promise<{ products: number; variants: number; catalog: DemoProduct[] }> {
  const count = opts.products ?? 2000;
  const currency = opts.currency ?? 'USD';
  const faker = new Faker({ locale: [en], seed: opts.seed ?? 20261124 });
  const at = (daysAgo: number) => new Date(FIXED_NOW - daysAgo * 86_400_000);
  const repo = new DemoCatalogRepository(db);

  // Categories
  const categories: DemoCategoryRecord[] = [];
  const leaves: { id: string; root: string; name: string }[] = [];
  let order = 0;
  for (const [rootName, mids] of Object.entries(TREE)) {
    const rootId = faker.string.uuid();
    categories.push({
      id: rootId,
      parentId: null,
      slug: toSlug(rootName),
      name: rootName,
      description: `${rootName} for every day.`,
      sortOrder: order++,
    });
    for (const [midName, leafNames] of Object.entries(mids)) {
      const midId = faker.string.uuid();
      categories.push({
        id: midId,
        parentId: rootId,
        slug: toSlug(`${rootName} ${midName}`),
        name: midName,
        description: null,
        sortOrder: order++,
      });
      for (const leafName of leafNames) {
        const leafId = faker.string.uuid();
        categories.push({
          id: leafId,
          parentId: midId,
          slug: toSlug(`${midName} ${leafName}`),
          name: leafName,
          description: null,
          sortOrder: order++,
        });
        leaves.push({ id: leafId, root: rootName, name: leafName });
      }
    }
  }
  await repo.insertCategories(categories);

  const products: DemoProductRecord[] = [];
  const productCategories: { productId: string; categoryId: string }[] = [];
  const productTags: { productId: string; tag: string }[] = [];
  const variants: DemoVariantRecord[] = [];
  const levels: DemoStockLevelRecord[] = [];
  const ledger: DemoLedgerRecord[] = [];
  const productsByLeaf = new Map<string, string[]>();
  const slugs = new Set<string>();
  const catalog: DemoProduct[] = [];
  let showcased = 0;

  for (let i = 0; i < count; i++) {
    const leaf = leaves[i % leaves.length]!;
    const id = faker.string.uuid();
    const singular = leaf.name.endsWith('sses') ? leaf.name.slice(0, -2) : leaf.name.replace(/s$/, '');
    const title = `${faker.commerce.productAdjective()} ${singular} ${faker.commerce.productMaterial()}`;
    let slug = toSlug(title);
    for (let n = 2; slugs.has(slug); n++) slug = `${toSlug(title)}-${n}`;
    slugs.add(slug);
    const roll = faker.number.int(99);
    const status = roll < 3 ? 'draft' : roll < 5 ? 'archived' : 'active';
    const base = faker.number.int({ min: 5, max: 500 }) * 100 - 1; // 499 … 49,999 minor units
    const optionSet = OPTIONS[leaf.root]!;
    const [first, second] = Object.keys(optionSet) as [string, string];
    const firstValues = faker.helpers.arrayElements(optionSet[first]!, { min: 2, max: 4 });
    const secondValue = faker.helpers.arrayElement(optionSet[second]!);
    let minPrice = Number.MAX_SAFE_INTEGER;
    let maxPrice = 0;
    let minCompare: number | null = null;
    let inStock = false;
    const demoVariants: DemoProduct['variants'] = [];
    const showcase = status === 'active' && i % SHOWCASE_EVERY === SHOWCASE_OFFSET ? showcased++ : undefined;
    firstValues.forEach((value, position) => {
      const variantId = faker.string.uuid();
      const price = base + position * 200;
      const compare = faker.number.int(99) < 20 ? Math.round((price * 1.25) / 100) * 100 - 1 : null;
      // The same draws as ever (so every later draw, and the whole shop, stays as it was), mapped to
      // a level well above the threshold; only the showcase products run low (see demoStockLevel).
      const drawn = faker.number.int(99) < 8 ? 0 : faker.number.int({ min: 1, max: 200 });
      const onHand = demoStockLevel(drawn, showcase, position);
      minPrice = Math.min(minPrice, price);
      maxPrice = Math.max(maxPrice, price);
      if (compare !== null) minCompare = minCompare === null ? compare : Math.min(minCompare, compare);
      if (onHand > 0) inStock = true;
      const sku = `BZ-${String(i + 1).padStart(5, '0')}-${position + 1}`;
      demoVariants.push({ id: variantId, sku, title: `${value} / ${secondValue}`, price });
      variants.push({
        id: variantId,
        productId: id,
        sku,
        title: `${value} / ${secondValue}`,
        options: { [first]: value, [second]: secondValue },
        priceAmount: price,
        compareAtAmount: compare,
        currency,
        weightGrams: faker.number.int({ min: 100, max: 5000 }),
        position,
      });
      levels.push({ variantId, onHand, reserved: 0, lowStockThreshold: DEMO_LOW_STOCK_THRESHOLD, allowBackorder: false });
      if (onHand > 0) {
        ledger.push({
          variantId,
          delta: onHand,
          reservedDelta: 0,
          reason: 'restock',
          onHandBefore: 0,
          onHandAfter: onHand,
          reservedBefore: 0,
          reservedAfter: 0,
          note: 'demo data',
        });
      }
    });
    const created = at(faker.number.int({ min: 0, max: 365 }));
    // No rating here: a product's rating is only ever the aggregate of its published reviews
    // (seeders/002-demo-catalog.ts seeds those through the reviews module). The two draws that
    // once made up a rating are still taken, in their old places, so every other value of the
    // catalog stays as it was.
    const formerRatingCount = faker.number.int({ min: 0, max: 250 });
    const description = faker.commerce.productDescription() + '\n\n' + faker.lorem.paragraph();
    const brand = faker.helpers.arrayElement(BRANDS);
    if (formerRatingCount) faker.number.float({ min: 2.5, max: 5, fractionDigits: 2 });
    products.push({
      id,
      slug,
      title,
      description,
      brand,
      status,
      primaryCategoryId: leaf.id,
      currency,
      minPrice,
      maxPrice,
      minCompareAtPrice: minCompare,
      inStock,
      soldCount: faker.number.int({ min: 0, max: 5000 }),
      createdAt: created,
      updatedAt: created,
    });
    catalog.push({ id, title, status, root: leaf.root, leaf: leaf.name, createdAt: created, variants: demoVariants });
    productCategories.push({ productId: id, categoryId: leaf.id });
    for (const tag of faker.helpers.arrayElements(TAGS, { min: 0, max: 3 })) productTags.push({ productId: id, tag });
    productsByLeaf.set(leaf.id, [...(productsByLeaf.get(leaf.id) ?? []), id]);
  }

  await repo.insertProducts(products);
  await repo.insertProductCategories(productCategories);
  await repo.insertProductTags(productTags);
  await repo.insertVariants(variants);
  await repo.insertStockLevels(levels);
  await repo.insertLedger(ledger);

  if (opts.images) {
    // Three pictures per leaf category, shared by its products (one drawing per product would be minutes of CPU).
    const rows: DemoImageRecord[] = [];
    for (const [index, leaf] of leaves.entries()) {
      const pictures = [];
      for (let k = 0; k < 3; k++) {
        const png = await renderPlaceholderImage({ seed: index * 3 + k + 1, label: leaf.name });
        pictures.push(await opts.images.process(png, `demo/${toSlug(leaf.name)}-${k + 1}`));
      }
      for (const [n, productId] of (productsByLeaf.get(leaf.id) ?? []).entries()) {
        const picture = pictures[n % pictures.length]!;
        rows.push({
          id: faker.string.uuid(),
          productId,
          position: 0,
          alt: leaf.name,
          storageKey: picture.key,
          sizes: picture.variants.map(({ size, url, width, height }) => ({ size, url, width, height })),
        });
      }
    }
    await repo.insertImages(rows);
  }
  logger.info({ categories: categories.length, products: products.length, variants: variants.length }, 'demo catalog seeded');
  return { products: products.length, variants: variants.length, catalog };
}
