import {
  DATE_WINDOW_ISSUE,
  dateWindowInOrder,
  type AdminPromotion,
  type PromotionCodesInput,
  type PromotionInput,
  type PromotionPreview,
  type PromotionPreviewRequest,
  type PromotionReport,
  type PromotionUpdate,
} from '@bazaar/shared';
import { randomInt } from 'node:crypto';
import type { Db, Transaction } from '../../db/db';
import { iso } from '../../db/column-values';
import type { Clock } from '../../lib/clock';
import { AppError, notFound, validationFailed } from '../../lib/errors';
import { VersionedCache } from '../../lib/versioned-cache';
import type { CouponCustomer } from './coupon.repository';
import {
  applyPromotions,
  availabilityProblem,
  type PromotionCandidate,
  type PromotionContext,
  type PromotionLine,
  type PromotionOutcome,
  type PromotionRecord,
} from './promotion-engine';
import type { PromotionRepository, PromotionStats } from './promotion.repository';

/** How a market turns base-currency amounts into its own and back, and shows them. */
export interface PromotionMarket {
  code: string;
  currency: string;
  toMarket: (baseAmount: number) => number;
  toBase: (marketAmount: number) => number;
  format: (amount: number) => string;
}

/** What a cart is priced with: its lines, the codes entered, who is shopping, where. */
export interface PromotionPricingInput {
  lines: PromotionLine[];
  codes: string[];
  customer: CouponCustomer;
  market: PromotionMarket;
  shippingMethodId?: string | null;
  tx?: Transaction;
  /** At checkout: lock the promotions and judge their limits on what is committed. */
  locking?: boolean;
}

/** The promotions for one pricing: the hook for `priceOrder`, and what it decided once called. */
export interface PreparedPromotions {
  apply: (remaining: number[]) => { discounts: number[]; freeShipping: boolean };
  outcome: () => PromotionOutcome | undefined;
  /** Codes in the cart that no longer exist. */
  unknownCodes: string[];
  /** At checkout: promotions the shopper was shown that ran out while they checked out. */
  lost: () => string[];
}

/** Other modules' answers the rules need: whether this is a first order, and the shopper's groups. */
export interface PromotionDeps {
  hasOrdered: (customer: CouponCustomer, tx?: Transaction) => Promise<boolean>;
  groupsOf: (userId: string) => Promise<string[]>;
  /** A sample cart for the staff preview: the variants priced in the market (404/400 for unknown ones). */
  sampleCart: (
    items: { variantId: string; quantity: number }[],
    market: string | undefined,
  ) => Promise<{ lines: (PromotionLine & { title: string })[]; market: PromotionMarket }>;
}

/** The order a promotion is used by. */
export interface UsingOrder {
  id: string;
  userId: string | null;
  email: string;
  currency: string;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const randomCode = (prefix: string) =>
  `${prefix ? `${prefix}-` : ''}${Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;

const sameOutcome = (a: PromotionOutcome, b: PromotionOutcome) =>
  a.applied.length === b.applied.length &&
  a.applied.every((x, i) => x.candidate.promotion.id === b.applied[i]!.candidate.promotion.id && x.amount === b.applied[i]!.amount) &&
  a.freeShipping === b.freeShipping;

/**
 * Promotions: the candidates for a cart (automatic ones, held per process and reloaded across
 * processes through the version row, plus those behind the cart's codes), their limits, the uses
 * checkout takes under lock, and the staff screens. The arithmetic is `promotion-engine`.
 */
export class PromotionService {
  private readonly cache: VersionedCache;

  constructor(
    private readonly db: Db,
    private readonly repo: PromotionRepository,
    private readonly clock: Clock,
    private readonly deps: PromotionDeps,
  ) {
    this.cache = new VersionedCache(repo.version, { maxKeys: 10 });
  }

  /**
   * The automatic promotions, from this process's copy. Inside a transaction a miss is read on the
   * transaction's connection: a checkout holding one connection must never wait for a second from
   * the pool (50 at once would starve it).
   */
  private async automatic(now: Date, tx: Transaction | undefined): Promise<PromotionRecord[]> {
    if (!tx) return this.cache.getOrLoad('automatic', () => this.repo.automatic(now));
    const cached = this.cache.peek<PromotionRecord[]>('automatic');
    if (cached) return cached;
    const generation = this.cache.currentGeneration;
    const loaded = await this.repo.automatic(now, tx);
    this.cache.keep('automatic', loaded, generation);
    return loaded;
  }

  /** The promotions a cart with these codes meets, with their uses so far. */
  private async candidates(codes: string[], customer: CouponCustomer, tx: Transaction | undefined, locking: boolean) {
    const now = this.clock.now();
    const [automatic, coded] = await Promise.all([this.automatic(now, tx), this.repo.byCodes(codes, tx)]);
    let records = new Map<string, PromotionRecord>([...automatic, ...coded.map((c) => c.promotion)].map((p) => [p.id, p]));
    if (locking && records.size) records = new Map((await this.repo.lock([...records.keys()], tx!)).map((p) => [p.id, p]));
    const all = [...records.values()];
    const limited = all.filter((p) => p.usageLimit !== null || p.budgetAmount !== null).map((p) => p.id);
    const perCustomer = all.filter((p) => p.perCustomerLimit !== null).map((p) => p.id);
    const [stats, customerUses, codeUses] = await Promise.all([
      this.repo.stats(limited, tx, locking),
      this.repo.customerUses(perCustomer, customer, tx, locking),
      locking
        ? this.repo.lockedCodeUses(
            coded.map((c) => c.code.id),
            tx!,
          )
        : Promise.resolve(undefined),
    ]);
    const none: PromotionStats = { uses: 0, discountGiven: 0 };
    const candidate = (promotion: PromotionRecord, code?: PromotionCandidate['code']): PromotionCandidate => ({
      promotion,
      ...(code ? { code: codeUses ? { ...code, uses: codeUses.get(code.id) ?? 0 } : code } : {}),
      ...(stats.get(promotion.id) ?? none),
      customerUses: customerUses.get(promotion.id) ?? 0,
    });
    const automaticIds = new Set(automatic.map((p) => p.id));
    const found = new Set(coded.map((c) => c.code.code));
    return {
      candidates: [
        ...all.filter((p) => automaticIds.has(p.id) && p.automatic).map((p) => candidate(p)),
        ...coded.filter((c) => records.has(c.promotion.id)).map((c) => candidate(records.get(c.promotion.id)!, c.code)),
      ],
      unknownCodes: codes.filter((c) => !found.has(c)),
    };
  }

  /** The promotions for pricing a cart; at checkout (`locking`) also what a race took away. */
  async prepare(input: PromotionPricingInput): Promise<PreparedPromotions> {
    const { candidates, unknownCodes } = await this.candidates(input.codes, input.customer, input.tx, false);
    // At checkout the same candidates are read again, locked, to judge the limits on what is committed.
    const locked = input.locking ? (await this.candidates(input.codes, input.customer, input.tx, true)).candidates : undefined;
    const judged = locked ?? candidates;
    const needs = (test: (p: PromotionRecord) => boolean) => judged.some((c) => test(c.promotion));
    const known = Boolean(input.customer.userId || input.customer.email);
    const ctx: PromotionContext = {
      now: this.clock.now(),
      signedIn: Boolean(input.customer.userId),
      ...(needs((p) => Boolean(p.conditions.firstOrder)) && known
        ? { firstOrder: !(await this.deps.hasOrdered(input.customer, input.tx)) }
        : {}),
      groupIds:
        needs((p) => Boolean(p.conditions.customerGroupIds)) && input.customer.userId
          ? await this.deps.groupsOf(input.customer.userId)
          : [],
      market: input.market.code,
      shippingMethodId: input.shippingMethodId ?? null,
      toMarket: input.market.toMarket,
      toBase: input.market.toBase,
      format: input.market.format,
    };
    let outcome: PromotionOutcome | undefined;
    let lost: string[] = [];
    return {
      unknownCodes,
      outcome: () => outcome,
      lost: () => lost,
      apply: (remaining) => {
        outcome = applyPromotions(input.lines, remaining, judged, ctx);
        if (locked) {
          const seen = applyPromotions(input.lines, remaining, candidates, ctx);
          if (!sameOutcome(seen, outcome))
            lost = seen.applied
              .filter((a) => !outcome!.applied.some((b) => b.candidate.promotion.id === a.candidate.promotion.id && b.amount === a.amount))
              .map((a) => a.candidate.promotion.name);
        }
        return { discounts: outcome.lineDiscounts, freeShipping: outcome.freeShipping };
      },
    };
  }

  /** Whether a code belongs to a promotion, and why it cannot be used now (not whether the cart meets it). */
  async checkCode(code: string, customer: CouponCustomer): Promise<{ exists: boolean; problem?: string }> {
    const normalised = code.trim().toUpperCase();
    const { candidates } = await this.candidates([normalised], customer, undefined, false);
    const coded = candidates.find((c) => c.code?.code === normalised);
    if (!coded) return { exists: false };
    const problem = availabilityProblem(coded, this.clock.now());
    return problem ? { exists: true, problem } : { exists: true };
  }

  /** The uses of the applied promotions, taken in checkout's transaction (after `prepare` with `locking`). */
  async redeem(
    outcome: PromotionOutcome | undefined,
    order: UsingOrder,
    toBase: (amount: number) => number,
    tx: Transaction,
  ): Promise<void> {
    if (!outcome?.applied.length) return;
    await this.repo.insertUses(
      outcome.applied.map((a) => ({
        promotionId: a.candidate.promotion.id,
        codeId: a.candidate.code?.id ?? null,
        orderId: order.id,
        userId: order.userId,
        email: order.email,
        currency: order.currency,
        amount: a.amount,
        baseAmount: toBase(a.amount),
      })),
      this.clock.now(),
      tx,
    );
  }

  /** An unpaid order ended: its promotions' uses go back. */
  release(orderId: string, tx: Transaction): Promise<void> {
    return this.repo.release(orderId, this.clock.now(), tx);
  }

  /** A cancelled order was paid after all: it keeps the promotions it was priced with. */
  reinstate(orderId: string, tx: Transaction): Promise<void> {
    return this.repo.reinstate(orderId, tx);
  }

  // --- staff -----------------------------------------------------------------------------

  private async toAdmin(records: PromotionRecord[]): Promise<AdminPromotion[]> {
    const ids = records.map((r) => r.id);
    const [stats, codes] = await Promise.all([this.repo.stats(ids), this.repo.codeCounts(ids)]);
    return records.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      automatic: p.automatic,
      exclusive: p.exclusive,
      priority: p.priority,
      active: p.active,
      startsAt: iso(p.startsAt),
      endsAt: iso(p.endsAt),
      conditions: p.conditions,
      action: p.action,
      usageLimit: p.usageLimit,
      budgetAmount: p.budgetAmount,
      perCustomerLimit: p.perCustomerLimit,
      uses: stats.get(p.id)?.uses ?? 0,
      discountGiven: stats.get(p.id)?.discountGiven ?? 0,
      codeCount: codes.get(p.id) ?? 0,
      createdAt: p.createdAt.toISOString(),
    }));
  }

  async list(): Promise<AdminPromotion[]> {
    return this.toAdmin(await this.repo.all());
  }

  async get(id: string): Promise<AdminPromotion> {
    const record = await this.repo.byId(id);
    if (!record) throw notFound('The promotion');
    return (await this.toAdmin([record]))[0]!;
  }

  async create(input: PromotionInput): Promise<AdminPromotion> {
    const id = await this.cache.write(this.db, (tx) => this.repo.insert(input, this.clock.now(), tx));
    return this.get(id);
  }

  async update(id: string, changes: PromotionUpdate): Promise<AdminPromotion> {
    const before = await this.get(id);
    // The schema judged the change alone; the window it leaves is judged here, with the stored half.
    if (!dateWindowInOrder({ ...before, ...changes }))
      throw validationFailed([{ path: DATE_WINDOW_ISSUE.path.join('.'), message: DATE_WINDOW_ISSUE.error }]);
    await this.cache.write(this.db, (tx) => this.repo.update(id, changes, tx));
    return this.get(id);
  }

  /** A used promotion is deactivated rather than deleted: its uses are the record of the discounts given. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    const used = await this.repo.hasUses(id);
    await this.cache.write(this.db, (tx) => (used ? this.repo.deactivate(id, tx) : this.repo.remove(id, tx)));
  }

  /** Adds the given codes, or `count` generated ones (unguessable: 10 characters of a 32-letter alphabet). */
  async addCodes(id: string, input: PromotionCodesInput): Promise<{ codes: string[] }> {
    const promotion = await this.get(id);
    if (promotion.automatic)
      throw new AppError('CONFLICT', 'An automatic promotion applies by itself: it has no codes.', [
        { path: 'automatic', message: 'Automatic' },
      ]);
    let codes = input.codes ? [...new Set(input.codes)] : [];
    if (input.count) {
      const wanted = new Set<string>();
      while (wanted.size < input.count) wanted.add(randomCode(input.prefix ?? ''));
      codes = [...wanted];
    }
    const taken = await this.repo.codesTaken(codes);
    if (taken.length && input.codes)
      throw new AppError(
        'CONFLICT',
        `Already in use: ${taken.slice(0, 5).join(', ')}.`,
        taken.slice(0, 20).map((c) => ({ path: 'codes', message: `${c} is taken` })),
      );
    codes = codes.filter((c) => !taken.includes(c));
    await this.cache.write(this.db, (tx) => this.repo.insertCodes(id, codes, input.usageLimit ?? null, this.clock.now(), tx));
    return { codes };
  }

  codes(id: string, limit: number, offset: number) {
    return this.repo.codes(id, limit, offset);
  }

  /** The promotion, saved or not, alone on a sample cart: what it would take off which lines, or why nothing. */
  async preview(request: PromotionPreviewRequest): Promise<PromotionPreview> {
    const { lines, market } = await this.deps.sampleCart(request.lines, request.market);
    const now = this.clock.now();
    const p = request.promotion;
    const promotion: PromotionRecord = {
      id: 'preview',
      name: p.name,
      description: p.description ?? null,
      automatic: p.automatic,
      exclusive: p.exclusive ?? false,
      priority: p.priority ?? 0,
      active: true,
      startsAt: null,
      endsAt: null,
      conditions: p.conditions ?? {},
      action: p.action,
      usageLimit: null,
      budgetAmount: null,
      perCustomerLimit: null,
      createdAt: now,
    };
    const outcome = applyPromotions(
      lines,
      lines.map((l) => l.unitPrice * l.quantity),
      [{ promotion, uses: 0, discountGiven: 0, customerUses: 0 }],
      {
        now,
        signedIn: request.signedIn ?? false,
        ...(request.firstOrder !== undefined ? { firstOrder: request.firstOrder } : {}),
        groupIds: request.customerGroupIds ?? [],
        market: market.code,
        shippingMethodId: request.shippingMethodId ?? null,
        toMarket: market.toMarket,
        toBase: market.toBase,
        format: market.format,
      },
    );
    const money = (amount: number) => ({ amount, currency: market.currency });
    const applied = outcome.applied[0];
    return {
      applies: Boolean(applied),
      ...(outcome.rejected[0] ? { reason: outcome.rejected[0].reason } : {}),
      subtotal: money(lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0)),
      discount: money(applied?.amount ?? 0),
      freeShipping: applied?.freeShipping ?? false,
      lines: lines.map((l, i) => ({
        variantId: l.variantId,
        title: l.title,
        quantity: l.quantity,
        lineTotal: money(l.unitPrice * l.quantity),
        discount: money(applied?.discounts[i] ?? 0),
      })),
    };
  }

  async report(id: string, currency: string): Promise<PromotionReport> {
    const promotion = await this.get(id);
    const report = await this.repo.report(id);
    return {
      promotionId: id,
      uses: promotion.uses,
      orders: report.orders,
      discountGiven: { amount: promotion.discountGiven, currency },
      days: report.days,
      codes: report.codes,
    };
  }
}
