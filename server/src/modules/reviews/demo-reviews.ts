import { Faker, en } from '@faker-js/faker';
import type { Db } from '../../db/db';
import type { Logger } from '../../lib/logger';
import type { UserRepository } from '../accounts';
import type { DemoProduct } from '../catalog';
import type { CompletedOrder, OrderRepository } from '../orders';
import type { NewReview } from './reviews.repository';
import type { ReviewService } from './reviews.service';

/**
 * The demo shop's reviews: written by a set of reviewer accounts, some of them verified purchases
 * backed by delivered orders of those reviewers, and the products' ratings computed from them by
 * the same recomputation every real review goes through. A fixed seed gives the same reviews
 * every run. Only active products get reviews (0 to 12 each); drafts and archived ones none.
 */
export interface DemoReviewOptions {
  products: DemoProduct[];
  /** The reviewers' password hash (they share the demo shoppers' password). */
  passwordHash: string;
  currency?: string;
  reviewers?: number;
  seed?: number;
}

export interface DemoReviewDeps {
  db: Db;
  reviews: ReviewService;
  users: UserRepository;
  orders: OrderRepository;
  logger: Logger;
}

const FIXED_NOW = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
/** The demo pricing's standard shipping method (seeders/004-pricing.ts): 5.99, free over 50. */
const STANDARD = { id: '6f1c3d2a-0000-4000-8000-000000000001', name: 'Standard (3–5 days)', amount: 599, freeOver: 5000 };
/** States without a demo tax rate, so a demo order's tax of 0 is what checkout would have charged. */
const STATES = ['OR', 'WA', 'IL', 'MA', 'CO', 'GA', 'NC', 'MN', 'AZ', 'OH'];
const CARRIERS = ['UPS', 'USPS', 'FedEx', 'DHL'];

/** How a review names the product: "this lamp" / "these trousers" (and which pronoun follows). */
const THINGS: Record<string, { thing: string; plural?: true }> = {
  Shirts: { thing: 'shirt' },
  Trousers: { thing: 'trousers', plural: true },
  Dresses: { thing: 'dress' },
  Knitwear: { thing: 'jumper' },
  Tops: { thing: 'top' },
  Outerwear: { thing: 'jacket' },
  Headphones: { thing: 'headphones', plural: true },
  Speakers: { thing: 'speaker' },
  Laptops: { thing: 'laptop' },
  Keyboards: { thing: 'keyboard' },
  Cameras: { thing: 'camera' },
  Lenses: { thing: 'lens' },
  Cookware: { thing: 'pan' },
  Knives: { thing: 'knife' },
  Lamps: { thing: 'lamp' },
  Cushions: { thing: 'cushion' },
  Planters: { thing: 'planter' },
  Tools: { thing: 'tool' },
};

/** What people comment on, by top-level category. */
const ASPECTS: Record<string, string[]> = {
  Apparel: ['the fit', 'the fabric', 'the stitching', 'the colour', 'the sizing'],
  Electronics: ['the build quality', 'the battery life', 'the setup', 'the controls', 'the sound'],
  Home: ['the finish', 'the weight', 'the size', 'the build quality', 'the colour'],
};

const TITLES: Record<number, string[]> = {
  5: ['Love it', 'Exactly what I wanted', 'Worth every penny', 'Brilliant', 'Could not be happier', 'Five stars, no question'],
  4: ['Really good', 'Very happy overall', 'Great, with one small gripe', 'Solid buy', 'Nice quality'],
  3: ['It’s fine', 'Does the job', 'Mixed feelings', 'Okay for the price', 'Not bad, not great'],
  2: ['Disappointed', 'Expected more', 'Not for me', 'Looks better in the photos'],
  1: ['Would not buy again', 'Poor quality', 'Returned it', 'Save your money'],
};

const OPENERS: Record<number, string[]> = {
  5: [
    'I have had {this} for a few weeks now and {it} {has} been perfect.',
    'Honestly the best {thing} I have owned.',
    'Bought {this} as a gift and ended up ordering a second one for myself.',
    'Arrived quickly and {is} even nicer in person.',
  ],
  4: [
    'Very pleased with {this}.',
    'Good {thing} overall and well made.',
    'Does everything I wanted from {a thing}.',
    'I would buy {this} again.',
  ],
  3: ['{This} is okay.', 'Decent {thing}, nothing special.', 'It does what it says, mostly.', 'Not bad for the money.'],
  2: [
    'I wanted to like {this} more than I do.',
    '{This} looked great online but the real thing is a letdown.',
    'Not really what I expected from {a thing} at this price.',
  ],
  1: ['Unfortunately {this} did not last.', 'Really disappointed with {this}.', 'I would not recommend {this}.'],
};

const DETAILS: Record<number, string[]> = {
  5: ['{Aspect} is spot on.', 'Everyone who has seen the {material} version asks where I got it.', 'No complaints about {aspect} at all.'],
  4: [
    '{Aspect} could be a little better, but that is a small thing.',
    'The {material} finish is lovely.',
    'Only {aspect} keeps it from five stars.',
  ],
  3: ['{Aspect} is just average.', 'The {material} looks a bit cheaper than in the pictures.', '{Aspect} is nothing to write home about.'],
  2: ['{Aspect} is not great.', 'The {material} scuffed within days.', '{Aspect} was not as described.'],
  1: ['{Aspect} was poor from day one.', 'The {material} started coming apart after a week.', '{Aspect} is simply not good enough.'],
};

const CLOSERS: Record<number, string[]> = {
  5: ['Highly recommended.', 'Would buy again in a heartbeat.', 'Great value.', ''],
  4: ['Happy with the purchase.', 'Recommended.', 'Good value for money.', ''],
  3: ['Fine if you do not expect too much.', 'Might look elsewhere next time.', ''],
  2: ['I will probably look elsewhere next time.', 'Customer service was helpful, at least.', ''],
  1: ['Sent it back.', 'Avoid.', 'Very disappointing.'],
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function reviewText(faker: Faker, rating: number, product: DemoProduct, variant?: string): { title: string; body: string } {
  const known = THINGS[product.leaf] ?? { thing: product.leaf.toLowerCase() };
  const material = (product.title.split(' ').pop() ?? '').toLowerCase();
  const aspect = faker.helpers.arrayElement(ASPECTS[product.root] ?? ['the quality']);
  const words: Record<string, string> = {
    this: `${known.plural ? 'these' : 'this'} ${known.thing}`,
    thing: known.thing,
    it: known.plural ? 'they' : 'it',
    is: known.plural ? 'are' : 'is',
    has: known.plural ? 'have' : 'has',
    'a thing': `${known.plural ? 'a pair of' : 'a'} ${known.thing}`,
    aspect,
    material,
  };
  const fill = (template: string) =>
    template.replace(/\{(\w+(?: \w+)?)\}/g, (_m, key: string) => {
      const word = words[key.toLowerCase()] ?? '';
      return key[0] === key[0]!.toUpperCase() ? capital(word) : word;
    });
  const sentences = [
    fill(faker.helpers.arrayElement(OPENERS[rating]!)),
    variant && faker.number.int(2) === 0 ? `I ordered ${variant}.` : '',
    fill(faker.helpers.arrayElement(DETAILS[rating]!)),
    fill(faker.helpers.arrayElement(CLOSERS[rating]!)),
  ];
  return { title: faker.helpers.arrayElement(TITLES[rating]!), body: sentences.filter(Boolean).join(' ') };
}

/** A star rating around the product's "quality": most reviews near it, now and then one far off. */
function starsNear(faker: Faker, quality: number): number {
  const noise = faker.number.float({ min: -1.2, max: 1.2 }) + faker.number.float({ min: -0.8, max: 0.8 });
  return Math.min(5, Math.max(1, Math.round(quality + noise)));
}

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

export async function seedDemoReviews(
  deps: DemoReviewDeps,
  opts: DemoReviewOptions,
): Promise<{ reviewers: number; reviews: number; verified: number; orders: number }> {
  const faker = new Faker({ locale: [en], seed: opts.seed ?? 20261202 });
  const currency = opts.currency ?? 'USD';
  const at = (ms: number) => new Date(ms);

  const reviewers: { id: string; email: string; name: string; createdAt: Date; address: Record<string, string> }[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < (opts.reviewers ?? 36); i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    let email = `${ascii(first)}.${ascii(last)}@example.net`;
    for (let n = 2; emails.has(email); n++) email = `${ascii(first)}.${ascii(last)}${n}@example.net`;
    emails.add(email);
    reviewers.push({
      id: faker.string.uuid(),
      email,
      name: `${first} ${last}`,
      createdAt: at(FIXED_NOW - faker.number.int({ min: 400, max: 900 }) * DAY),
      address: {
        name: `${first} ${last}`,
        line1: faker.location.streetAddress(),
        city: faker.location.city(),
        region: faker.helpers.arrayElement(STATES),
        postalCode: faker.location.zipCode('#####'),
        country: 'US',
      },
    });
  }

  const reviews: NewReview[] = [];
  const orders: (Omit<CompletedOrder, 'order'> & { order: Omit<CompletedOrder['order'], 'number'> })[] = [];
  for (const product of opts.products) {
    if (product.status !== 'active' || !product.variants.length) continue;
    const count = faker.number.int(99) < 20 ? 0 : faker.number.int({ min: 1, max: 12 });
    if (!count) continue;
    const quality = faker.number.float({ min: 2.8, max: 4.9 });
    const created = product.createdAt.getTime();
    for (const reviewer of faker.helpers.arrayElements(reviewers, Math.min(count, reviewers.length))) {
      const rating = starsNear(faker, quality);
      const verified = faker.number.int(99) < 40;
      let reviewedAt: number;
      let variant: DemoProduct['variants'][number] | undefined;
      if (verified) {
        variant = faker.helpers.arrayElement(product.variants);
        const orderedAt = created + faker.number.int({ min: 0, max: Math.max(0, FIXED_NOW - created - 8 * DAY) }) + 9 * 3_600_000;
        const paidAt = orderedAt + faker.number.int({ min: 20, max: 300 }) * 1000;
        const shippedAt = paidAt + faker.number.int({ min: 4, max: 30 }) * 3_600_000;
        const deliveredAt = shippedAt + faker.number.int({ min: 2, max: 5 }) * DAY;
        reviewedAt = deliveredAt + faker.number.int({ min: 1, max: 20 }) * DAY + faker.number.int(36_000_000);
        const orderId = faker.string.uuid();
        const shipping = variant.price >= STANDARD.freeOver ? 0 : STANDARD.amount;
        const carrier = faker.helpers.arrayElement(CARRIERS);
        const tracking = faker.string.alphanumeric({ length: 14, casing: 'upper' });
        orders.push({
          order: {
            id: orderId,
            user_id: reviewer.id,
            email: reviewer.email,
            status: 'delivered',
            payment_status: 'paid',
            currency,
            subtotal: variant.price,
            discount: 0,
            shipping,
            tax: 0,
            total: variant.price + shipping,
            balance_amount: 0,
            refunded_amount: 0,
            cart_id: null,
            coupon_id: null,
            coupon_code: null,
            shipping_method_id: STANDARD.id,
            shipping_method_name: STANDARD.name,
            shipping_address: reviewer.address,
            billing_address: null,
            carrier,
            tracking_number: tracking,
            reservation_expires_at: null,
            flag: null,
            stock_reserved: true,
            staff_note: null,
            created_at: at(orderedAt),
          },
          items: [
            {
              id: faker.string.uuid(),
              order_id: orderId,
              variant_id: variant.id,
              product_id: product.id,
              sku: variant.sku,
              title: product.title,
              variant_title: variant.title,
              quantity: 1,
              refunded_quantity: 0,
              unit_price: variant.price,
              discount: 0,
              tax: 0,
              line_total: variant.price,
            },
          ],
          paymentId: faker.string.uuid(),
          provider: 'manual',
          paidAt: at(paidAt),
          updatedAt: at(deliveredAt),
          events: [
            { type: 'created', from: null, to: 'pending_payment', note: null, at: at(orderedAt) },
            { type: 'paid', from: 'pending_payment', to: 'paid', note: null, at: at(paidAt) },
            { type: 'fulfilled', from: 'paid', to: 'fulfilled', note: `${carrier} ${tracking}`, at: at(shippedAt) },
            { type: 'delivered', from: 'fulfilled', to: 'delivered', note: null, at: at(deliveredAt) },
          ],
        });
      } else {
        reviewedAt = created + faker.number.int({ min: DAY, max: Math.max(DAY, FIXED_NOW - created) });
      }
      const text = reviewText(faker, rating, product, variant?.title);
      // A few unverified reviews still wait for a moderator, so the moderation queue has work in it.
      const status = !verified && faker.number.int(99) < 4 ? 'pending' : 'published';
      reviews.push({
        id: faker.string.uuid(),
        productId: product.id,
        userId: reviewer.id,
        rating,
        ...text,
        status,
        verifiedPurchase: verified,
        createdAt: at(reviewedAt),
        updatedAt: at(reviewedAt),
      });
    }
  }

  await deps.db.transaction(async (tx) => {
    await deps.users.insertMany(
      reviewers.map((r) => ({
        id: r.id,
        email: r.email,
        passwordHash: opts.passwordHash,
        name: r.name,
        role: 'customer' as const,
        emailVerifiedAt: r.createdAt,
        createdAt: r.createdAt,
      })),
      tx,
    );
    // Numbers in the order the orders were placed, as checkout would have handed them out.
    orders.sort((a, b) => a.order.created_at.getTime() - b.order.created_at.getTime());
    const numbers = await deps.orders.nextNumbers(orders.length, tx);
    await deps.orders.insertCompleted(
      orders.map((o, i) => ({ ...o, order: { ...o.order, number: numbers[i]! } })),
      tx,
    );
    await deps.reviews.importReviews(reviews, tx);
  });
  const verified = reviews.filter((r) => r.verifiedPurchase).length;
  deps.logger.info({ reviewers: reviewers.length, reviews: reviews.length, verified, orders: orders.length }, 'demo reviews seeded');
  return { reviewers: reviewers.length, reviews: reviews.length, verified, orders: orders.length };
}
