import { fn, col, Op } from 'sequelize';
import type { CustomerGroupInput, CustomerGroupUpdate, PriceListInput, PriceListPrice, PriceListUpdate } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { isMissingParent } from '../../db/db';
import { refusingDuplicates } from '../../db/model-rows';
import { VersionRow } from '../../db/version-row';
import { validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import { CustomerGroupMember, CustomerGroupRow, PriceListPriceRow, PriceListRow } from './customer-groups.models';

export interface PriceListRecord {
  id: string;
  name: string;
  groupId: string;
  market: string | null;
  percentOff: number | null;
  active: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
}

const toList = (r: PriceListRow): PriceListRecord => ({
  id: r.id,
  name: r.name,
  groupId: r.groupId,
  market: r.marketCode,
  percentOff: r.percentOff === null ? null : Number(r.percentOff),
  active: Boolean(r.active),
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  createdAt: r.createdAt,
});

const moments = <T extends { startsAt?: string | null; endsAt?: string | null }>(input: T) => ({
  ...(input.startsAt !== undefined ? { startsAt: input.startsAt ? new Date(input.startsAt) : null } : {}),
  ...(input.endsAt !== undefined ? { endsAt: input.endsAt ? new Date(input.endsAt) : null } : {}),
});

/** Customer groups, their members and price lists; the version row tells every process they changed. */
export class CustomerGroupsRepository {
  readonly version: VersionRow;

  constructor(private readonly db: Db) {
    this.version = new VersionRow(db, 'customer-groups.version');
  }

  /** Every group, or only the one with `id`, with its member count. */
  async groups(id?: string) {
    const [rows, counts] = await Promise.all([
      CustomerGroupRow.findAll({ ...(id ? { where: { id } } : {}), order: [['name', 'ASC']] }),
      CustomerGroupMember.findAll({
        attributes: ['groupId', [fn('COUNT', col('user_id')), 'n']],
        ...(id ? { where: { groupId: id } } : {}),
        group: ['groupId'],
        raw: true,
      }) as unknown as Promise<{ groupId: string; n: number }[]>,
    ]);
    const by = new Map(counts.map((c) => [c.groupId, Number(c.n)]));
    return rows.map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description,
      createdAt: g.createdAt,
      memberCount: by.get(g.id) ?? 0,
    }));
  }

  async groupExists(id: string, tx?: Transaction): Promise<boolean> {
    return (await CustomerGroupRow.count({ where: { id }, transaction: tx })) > 0;
  }

  async insertGroup(input: CustomerGroupInput, now: Date, tx: Transaction): Promise<string> {
    const id = newId();
    await refusingDuplicates(
      () => CustomerGroupRow.create({ id, name: input.name, description: input.description ?? null, createdAt: now }, { transaction: tx }),
      'A group with this name already exists.',
    );
    return id;
  }

  async updateGroup(id: string, changes: CustomerGroupUpdate, tx: Transaction): Promise<void> {
    await refusingDuplicates(
      () => CustomerGroupRow.update(changes, { where: { id }, transaction: tx }),
      'A group with this name already exists.',
    );
  }

  async removeGroup(id: string, tx: Transaction): Promise<void> {
    await CustomerGroupRow.destroy({ where: { id }, transaction: tx });
  }

  /** The members with their account's e-mail and name (raw: one join with the accounts' table for the staff list). */
  members(groupId: string) {
    return this.db.select<{ user_id: string; email: string; name: string; created_at: Date }>(
      `SELECT m.user_id, u.email, u.name, m.created_at FROM customer_group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id = ? ORDER BY u.email LIMIT 5000`,
      [groupId],
    );
  }

  async addMember(groupId: string, userId: string, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute(
      'INSERT IGNORE INTO customer_group_members (group_id, user_id, created_at) VALUES (?, ?, ?)',
      [groupId, userId, now],
      tx,
    );
  }

  async removeMember(groupId: string, userId: string, tx: Transaction): Promise<number> {
    return CustomerGroupMember.destroy({ where: { groupId, userId }, transaction: tx });
  }

  async groupsOf(userId: string): Promise<string[]> {
    return (await CustomerGroupMember.findAll({ attributes: ['groupId'], where: { userId } })).map((m) => m.groupId);
  }

  async lists(): Promise<PriceListRecord[]> {
    return (await PriceListRow.findAll({ order: [['createdAt', 'DESC']] })).map(toList);
  }

  async list(id: string): Promise<PriceListRecord | undefined> {
    const row = await PriceListRow.findByPk(id);
    return row ? toList(row) : undefined;
  }

  /** Explicit prices per list (or of the one list `id`). */
  async priceCounts(id?: string): Promise<Map<string, number>> {
    const rows = (await PriceListPriceRow.findAll({
      attributes: ['priceListId', [fn('COUNT', col('variant_id')), 'n']],
      ...(id ? { where: { priceListId: id } } : {}),
      group: ['priceListId'],
      raw: true,
    })) as unknown as { priceListId: string; n: number }[];
    return new Map(rows.map((r) => [r.priceListId, Number(r.n)]));
  }

  async insertList(input: PriceListInput, now: Date, tx: Transaction): Promise<string> {
    const id = newId();
    await PriceListRow.create(
      {
        id,
        name: input.name,
        groupId: input.groupId,
        marketCode: input.market ?? null,
        percentOff: input.percentOff ?? null,
        active: input.active ?? true,
        startsAt: input.startsAt ? new Date(input.startsAt) : null,
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        createdAt: now,
        updatedAt: now,
      },
      { transaction: tx },
    );
    return id;
  }

  async updateList(id: string, changes: PriceListUpdate, tx: Transaction): Promise<void> {
    const { market, startsAt: _s, endsAt: _e, ...rest } = changes;
    await PriceListRow.update(
      { ...rest, ...(market !== undefined ? { marketCode: market } : {}), ...moments(changes) },
      { where: { id }, transaction: tx },
    );
  }

  async removeList(id: string, tx: Transaction): Promise<void> {
    await PriceListRow.destroy({ where: { id }, transaction: tx });
  }

  async prices(listId: string): Promise<PriceListPrice[]> {
    return (
      await PriceListPriceRow.findAll({
        where: { priceListId: listId },
        order: [
          ['variantId', 'ASC'],
          ['currency', 'ASC'],
        ],
      })
    ).map((p) => ({
      variantId: p.variantId,
      currency: p.currency,
      amount: Number(p.amount),
    }));
  }

  async replacePrices(listId: string, items: PriceListPrice[], tx: Transaction): Promise<void> {
    await PriceListPriceRow.destroy({ where: { priceListId: listId }, transaction: tx });
    try {
      if (items.length)
        await PriceListPriceRow.bulkCreate(
          items.map((i) => ({ priceListId: listId, ...i })),
          { transaction: tx },
        );
    } catch (err) {
      if (isMissingParent(err))
        throw validationFailed([{ path: 'items', message: 'A variant does not exist' }], 'A variant in the list does not exist.');
      throw err;
    }
  }

  /** Explicit prices of these lists for these variants in one currency, keyed `list:variant`. */
  async explicitPrices(listIds: string[], currency: string, variantIds: string[]): Promise<Map<string, number>> {
    if (!listIds.length || !variantIds.length) return new Map();
    const rows = await PriceListPriceRow.findAll({ where: { priceListId: listIds, currency, variantId: { [Op.in]: variantIds } } });
    return new Map(rows.map((r) => [`${r.priceListId}:${r.variantId}`, Number(r.amount)]));
  }
}
