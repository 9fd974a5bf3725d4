import { Faker, en } from '@faker-js/faker';
import type { Db } from '../../db/db';
import type { Logger } from '../../lib/logger';
import type { ImageService } from '../media';
import { renderPlaceholderImage } from '../media';
import { toSlug } from './catalog-admin.service';

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
const CHUNK = 400;

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

async function insertMany(db: Db, table: string, columns: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await db.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
  }
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

  // Categories
  const categories: unknown[][] = [];
  const leaves: { id: string; root: string; name: string }[] = [];
  let order = 0;
  for (const [rootName, mids] of Object.entries(TREE)) {
    const rootId = faker.string.uuid();
    categories.push([rootId, null, toSlug(rootName), rootName, `${rootName} for every day.`, order++]);
    for (const [midName, leafNames] of Object.entries(mids)) {
      const midId = faker.string.uuid();
      categories.push([midId, rootId, toSlug(`${rootName} ${midName}`), midName, null, order++]);
      for (const leafName of leafNames) {
        const leafId = faker.string.uuid();
        categories.push([leafId, midId, toSlug(`${midName} ${leafName}`), leafName, null, order++]);
        leaves.push({ id: leafId, root: rootName, name: leafName });
      }
    }
  }
  await insertMany(db, 'categories', ['id', 'parent_id', 'slug', 'name', 'description', 'sort_order'], categories);

  const products: unknown[][] = [];
  const productCategories: unknown[][] = [];
  const productTags: unknown[][] = [];
  const variants: unknown[][] = [];
  const levels: unknown[][] = [];
  const ledger: unknown[][] = [];
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
      variants.push([
        variantId,
        id,
        sku,
        `${value} / ${secondValue}`,
        JSON.stringify({ [first]: value, [second]: secondValue }),
        price,
        compare,
        currency,
        faker.number.int({ min: 100, max: 5000 }),
        position,
      ]);
      levels.push([variantId, onHand, 0, DEMO_LOW_STOCK_THRESHOLD, 0]);
      if (onHand > 0) ledger.push([variantId, onHand, 0, 'restock', 0, onHand, 0, 0, 'demo data']);
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
    products.push([
      id,
      slug,
      title,
      description,
      brand,
      status,
      leaf.id,
      currency,
      minPrice,
      maxPrice,
      minCompare,
      inStock ? 1 : 0,
      faker.number.int({ min: 0, max: 5000 }),
      created,
      created,
    ]);
    catalog.push({ id, title, status, root: leaf.root, leaf: leaf.name, createdAt: created, variants: demoVariants });
    productCategories.push([id, leaf.id]);
    for (const tag of faker.helpers.arrayElements(TAGS, { min: 0, max: 3 })) productTags.push([id, tag]);
    productsByLeaf.set(leaf.id, [...(productsByLeaf.get(leaf.id) ?? []), id]);
  }

  await insertMany(
    db,
    'products',
    [
      'id',
      'slug',
      'title',
      'description',
      'brand',
      'status',
      'primary_category_id',
      'currency',
      'min_price',
      'max_price',
      'min_compare_at_price',
      'in_stock',
      'sold_count',
      'created_at',
      'updated_at',
    ],
    products,
  );
  await insertMany(db, 'product_categories', ['product_id', 'category_id'], productCategories);
  await insertMany(db, 'product_tags', ['product_id', 'tag'], productTags);
  await insertMany(
    db,
    'variants',
    ['id', 'product_id', 'sku', 'title', 'options', 'price_amount', 'compare_at_amount', 'currency', 'weight_grams', 'position'],
    variants,
  );
  await insertMany(db, 'inventory_levels', ['variant_id', 'on_hand', 'reserved', 'low_stock_threshold', 'allow_backorder'], levels);
  await insertMany(
    db,
    'inventory_ledger',
    ['variant_id', 'delta', 'reserved_delta', 'reason', 'on_hand_before', 'on_hand_after', 'reserved_before', 'reserved_after', 'note'],
    ledger,
  );

  if (opts.images) {
    // Three pictures per leaf category, shared by its products (one drawing per product would be minutes of CPU).
    const rows: unknown[][] = [];
    for (const [index, leaf] of leaves.entries()) {
      const pictures = [];
      for (let k = 0; k < 3; k++) {
        const png = await renderPlaceholderImage({ seed: index * 3 + k + 1, label: leaf.name });
        pictures.push(await opts.images.process(png, `demo/${toSlug(leaf.name)}-${k + 1}`));
      }
      for (const [n, productId] of (productsByLeaf.get(leaf.id) ?? []).entries()) {
        const picture = pictures[n % pictures.length]!;
        rows.push([
          faker.string.uuid(),
          productId,
          0,
          leaf.name,
          picture.key,
          JSON.stringify(picture.variants.map(({ size, url, width, height }) => ({ size, url, width, height }))),
        ]);
      }
    }
    await insertMany(db, 'product_images', ['id', 'product_id', 'position', 'alt', 'storage_key', 'sizes'], rows);
  }
  logger.info({ categories: categories.length, products: products.length, variants: variants.length }, 'demo catalog seeded');
  return { products: products.length, variants: variants.length, catalog };
}
