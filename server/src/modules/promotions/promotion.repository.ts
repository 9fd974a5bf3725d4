import { fn, col, Op, Transaction as SequelizeTransaction, type WhereOptions } from 'sequelize';
import type { PromotionInput, PromotionUpdate } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { VersionRow } from '../../db/version-row';
import { conflict } from '../../lib/errors';
import { isDuplicateKey } from '../../db/db';
import { newId } from '../../lib/tokens';
import type { CouponCustomer } from './coupon.repository';
import type { PromotionCodeRef, PromotionRecord } from './promotion-engine';
import { Promotion, PromotionCode, PromotionUse } from './promotions.models';

const toRecord = (p: Promotion): PromotionRecord => ({
  id: p.id,
  name: p.name,
  description: p.description,
  automatic: Boolean(p.automatic),
  exclusive: Boolean(p.exclusive),
  priority: Number(p.priority),
  active: Boolean(p.active),
  startsAt: p.startsAt,
  endsAt: p.endsAt,
  conditions: typeof p.conditions === 'string' ? JSON.parse(p.conditions) : (p.conditions ?? {}),
  action: typeof p.action === 'string' ? JSON.parse(p.action) : p.action,
  usageLimit: p.usageLimit === null ? null : Number(p.usageLimit),
  budgetAmount: p.budgetAmount === null ? null : Number(p.budgetAmount),
  perCustomerLimit: p.perCustomerLimit === null ? null : Number(p.perCustomerLimit),
  createdAt: p.createdAt,
});

const toAttributes = <T extends PromotionUpdate>(input: T) => ({
  ...input,
  ...(input.startsAt !== undefined ? { startsAt: input.startsAt ? new Date(input.startsAt) : null } : {}),
  ...(input.endsAt !== undefined ? { endsAt: input.endsAt ? new Date(input.endsAt) : null } : {}),
});

/** What a promotion has used so far: orders holding it, and the base-currency discount they got. */
export interface PromotionStats {
  uses: number;
  discountGiven: number;
}

/** A use about to be taken by an order. */
export interface PromotionUseRow {
  promotionId: string;
  codeId: string | null;
  orderId: string;
  userId: string | null;
  email: string;
  currency: string;
  amount: number;
  baseAmount: number;
}

const live = { releasedAt: null };
const customerWhere = (customer: CouponCustomer): WhereOptions<PromotionUse> | undefined => {
  const who = [...(customer.userId ? [{ userId: customer.userId }] : []), ...(customer.email ? [{ email: customer.email }] : [])];
  return who.length ? { [Op.or]: who } : undefined;
};

/**
 * Promotions, their codes and their uses. A use row per order and promotion is the only count of
 * uses and of discount given; `forUpdate` reads lock the promotions so concurrent checkouts queue
 * and each sees the uses committed before it (share-locked reads see the latest, not the snapshot).
 */
export class PromotionRepository {
  readonly version: VersionRow;

  constructor(db: Db) {
    this.version = new VersionRow(db, 'promotions.version');
  }

  async automatic(now: Date, tx?: Transaction): Promise<PromotionRecord[]> {
    const rows = await Promotion.findAll({
      where: { automatic: true, active: true, [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }] },
      transaction: tx,
    });
    return rows.map(toRecord);
  }

  async byId(id: string, tx?: Transaction): Promise<PromotionRecord | undefined> {
    const row = await Promotion.findByPk(id, { transaction: tx });
    return row ? toRecord(row) : undefined;
  }

  async all(): Promise<PromotionRecord[]> {
    return (
      await Promotion.findAll({
        order: [
          ['createdAt', 'DESC'],
          ['name', 'ASC'],
        ],
      })
    ).map(toRecord);
  }

  /** The promotions behind these codes (upper-cased), with each code's live uses. */
  async byCodes(codes: string[], tx?: Transaction): Promise<{ promotion: PromotionRecord; code: PromotionCodeRef }[]> {
    if (!codes.length) return [];
    const found = await PromotionCode.findAll({ where: { code: codes }, transaction: tx });
    if (!found.length) return [];
    const [promotions, uses] = await Promise.all([
      Promotion.findAll({ where: { id: [...new Set(found.map((c) => c.promotionId))] }, transaction: tx }),
      this.codeUses(
        found.map((c) => c.id),
        tx,
      ),
    ]);
    return found.flatMap((c) => {
      const p = promotions.find((x) => x.id === c.promotionId);
      return p
        ? [
            {
              promotion: toRecord(p),
              code: { id: c.id, code: c.code, usageLimit: c.usageLimit === null ? null : Number(c.usageLimit), uses: uses.get(c.id) ?? 0 },
            },
          ]
        : [];
    });
  }

  private async codeUses(codeIds: string[], tx?: Transaction, locking = false): Promise<Map<string, number>> {
    const rows = (await PromotionUse.findAll({
      attributes: ['codeId', [fn('COUNT', col('id')), 'n']],
      where: { codeId: codeIds, ...live },
      group: ['codeId'],
      raw: true,
      transaction: tx,
      ...(locking && tx ? { lock: SequelizeTransaction.LOCK.SHARE } : {}),
    })) as unknown as { codeId: string; n: number }[];
    return new Map(rows.map((r) => [r.codeId, Number(r.n)]));
  }

  /** Uses and discount given per promotion (`locking` inside checkout, after `lock`). */
  async stats(ids: string[], tx?: Transaction, locking = false): Promise<Map<string, PromotionStats>> {
    if (!ids.length) return new Map();
    const rows = (await PromotionUse.findAll({
      attributes: ['promotionId', [fn('COUNT', col('id')), 'n'], [fn('COALESCE', fn('SUM', col('base_amount')), 0), 'given']],
      where: { promotionId: ids, ...live },
      group: ['promotionId'],
      raw: true,
      transaction: tx,
      ...(locking && tx ? { lock: SequelizeTransaction.LOCK.SHARE } : {}),
    })) as unknown as { promotionId: string; n: number; given: number }[];
    return new Map(rows.map((r) => [r.promotionId, { uses: Number(r.n), discountGiven: Number(r.given) }]));
  }

  /** This customer's uses per promotion (by account or e-mail address). */
  async customerUses(ids: string[], customer: CouponCustomer, tx?: Transaction, locking = false): Promise<Map<string, number>> {
    const who = customerWhere(customer);
    if (!ids.length || !who) return new Map();
    const rows = (await PromotionUse.findAll({
      attributes: ['promotionId', [fn('COUNT', col('id')), 'n']],
      where: { promotionId: ids, ...live, ...who },
      group: ['promotionId'],
      raw: true,
      transaction: tx,
      ...(locking && tx ? { lock: SequelizeTransaction.LOCK.SHARE } : {}),
    })) as unknown as { promotionId: string; n: number }[];
    return new Map(rows.map((r) => [r.promotionId, Number(r.n)]));
  }

  /** Locks the promotions in id order (so two checkouts never wait on each other crosswise) and reads them fresh. */
  async lock(ids: string[], tx: Transaction): Promise<PromotionRecord[]> {
    if (!ids.length) return [];
    const rows = await Promotion.findAll({
      where: { id: ids },
      order: [['id', 'ASC']],
      lock: SequelizeTransaction.LOCK.UPDATE,
      transaction: tx,
    });
    return rows.map(toRecord);
  }

  /** Live code uses after `lock` (a code belongs to a locked promotion). */
  lockedCodeUses(codeIds: string[], tx: Transaction): Promise<Map<string, number>> {
    return codeIds.length ? this.codeUses(codeIds, tx, true) : Promise.resolve(new Map());
  }

  async insertUses(rows: PromotionUseRow[], now: Date, tx: Transaction): Promise<void> {
    if (!rows.length) return;
    await PromotionUse.bulkCreate(
      rows.map((r) => ({ ...r, id: newId(), releasedAt: null, createdAt: now })),
      { transaction: tx },
    );
  }

  /** An unpaid order ended: its uses no longer count (kept for the record). */
  async release(orderId: string, now: Date, tx: Transaction): Promise<void> {
    await PromotionUse.update({ releasedAt: now }, { where: { orderId, ...live }, transaction: tx });
  }

  /** A cancelled order was paid after all: its uses count again. */
  async reinstate(orderId: string, tx: Transaction): Promise<void> {
    await PromotionUse.update({ releasedAt: null }, { where: { orderId, releasedAt: { [Op.ne]: null } }, transaction: tx });
  }

  async usesOfOrder(orderId: string): Promise<{ promotionId: string; amount: number }[]> {
    const rows = await PromotionUse.findAll({ where: { orderId, ...live } });
    return rows.map((r) => ({ promotionId: r.promotionId, amount: Number(r.amount) }));
  }

  // --- staff -----------------------------------------------------------------------------

  async insert(input: PromotionInput, now: Date, tx: Transaction): Promise<string> {
    const row = await Promotion.create(
      {
        id: newId(),
        name: input.name,
        description: input.description ?? null,
        automatic: input.automatic,
        exclusive: input.exclusive ?? false,
        priority: input.priority ?? 0,
        active: input.active ?? true,
        startsAt: input.startsAt ? new Date(input.startsAt) : null,
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        conditions: input.conditions ?? {},
        action: input.action,
        usageLimit: input.usageLimit ?? null,
        budgetAmount: input.budgetAmount ?? null,
        perCustomerLimit: input.perCustomerLimit ?? null,
        createdAt: now,
        updatedAt: now,
      },
      { transaction: tx },
    );
    return row.id;
  }

  async update(id: string, changes: PromotionUpdate, tx: Transaction): Promise<void> {
    const row = await Promotion.findByPk(id, { transaction: tx, lock: SequelizeTransaction.LOCK.UPDATE });
    if (!row) return;
    await row.update(toAttributes(changes) as Partial<Promotion>, { transaction: tx });
  }

  async hasUses(id: string): Promise<boolean> {
    return (await PromotionUse.count({ where: { promotionId: id } })) > 0;
  }

  async deactivate(id: string, tx: Transaction): Promise<void> {
    await Promotion.update({ active: false }, { where: { id }, transaction: tx });
  }

  async remove(id: string, tx: Transaction): Promise<void> {
    await Promotion.destroy({ where: { id }, transaction: tx });
  }

  async codeCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = (await PromotionCode.findAll({
      attributes: ['promotionId', [fn('COUNT', col('id')), 'n']],
      where: { promotionId: ids },
      group: ['promotionId'],
      raw: true,
    })) as unknown as { promotionId: string; n: number }[];
    return new Map(rows.map((r) => [r.promotionId, Number(r.n)]));
  }

  /** New codes for the promotion; one already taken (by any promotion) is 409 and none are added. */
  async insertCodes(promotionId: string, codes: string[], usageLimit: number | null, now: Date, tx: Transaction): Promise<void> {
    try {
      await PromotionCode.bulkCreate(
        codes.map((code) => ({ id: newId(), promotionId, code, usageLimit, createdAt: now })),
        { transaction: tx },
      );
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('One of these codes is already in use.');
      throw err;
    }
  }

  async codesTaken(codes: string[]): Promise<string[]> {
    return (await PromotionCode.findAll({ attributes: ['code'], where: { code: codes } })).map((c) => c.code);
  }

  async codes(promotionId: string, limit: number, offset: number) {
    const { rows, count } = await PromotionCode.findAndCountAll({
      where: { promotionId },
      order: [
        ['createdAt', 'ASC'],
        ['code', 'ASC'],
      ],
      limit,
      offset,
    });
    const uses = rows.length ? await this.codeUses(rows.map((r) => r.id)) : new Map<string, number>();
    return {
      total: count,
      items: rows.map((r) => ({
        code: r.code,
        usageLimit: r.usageLimit === null ? null : Number(r.usageLimit),
        uses: uses.get(r.id) ?? 0,
      })),
    };
  }

  /** Uses per day (UTC) and per code, for the promotion's report. */
  async report(promotionId: string) {
    const [days, codes, orders] = await Promise.all([
      PromotionUse.findAll({
        attributes: [
          [fn('DATE', col('created_at')), 'date'],
          [fn('COUNT', col('id')), 'uses'],
          [fn('SUM', col('base_amount')), 'discount'],
        ],
        where: { promotionId, ...live },
        group: [fn('DATE', col('created_at'))],
        order: [[fn('DATE', col('created_at')), 'ASC']],
        raw: true,
      }) as unknown as Promise<{ date: string | Date; uses: number; discount: number }[]>,
      PromotionUse.findAll({
        attributes: [
          [col('code.code'), 'code'],
          [fn('COUNT', col('PromotionUse.id')), 'uses'],
        ],
        include: [{ model: PromotionCode, as: 'code', attributes: [] }],
        where: { promotionId, ...live, codeId: { [Op.ne]: null } },
        group: [col('code.code')],
        order: [[fn('COUNT', col('PromotionUse.id')), 'DESC']],
        limit: 50,
        raw: true,
      }) as unknown as Promise<{ code: string; uses: number }[]>,
      PromotionUse.count({ where: { promotionId, ...live }, distinct: true, col: 'order_id' }),
    ]);
    return {
      orders,
      days: days.map((d) => ({
        date: d.date instanceof Date ? d.date.toISOString().slice(0, 10) : String(d.date).slice(0, 10),
        uses: Number(d.uses),
        discount: Number(d.discount),
      })),
      codes: codes.map((c) => ({ code: c.code, uses: Number(c.uses) })),
    };
  }
}
