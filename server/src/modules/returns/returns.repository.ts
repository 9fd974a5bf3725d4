import type { ReturnKind, ReturnStatus } from '@bazaar/shared';
import { col, fn } from 'sequelize';
import type { Transaction } from '../../db/db';
import { OPEN_RETURN_STATUSES } from './return-state';
import { ReturnLineRecord, ReturnRecord } from './returns.models';

export type ReturnRow = InstanceType<typeof ReturnRecord>['dataValues'] & { lines: ReturnLineRow[] };
export type ReturnLineRow = InstanceType<typeof ReturnLineRecord>['dataValues'];

const withLines = { include: [{ model: ReturnLineRecord, as: 'lines' }] };
const plain = (r: ReturnRecord): ReturnRow => ({ ...r.get({ plain: true }), lines: (r.lines ?? []).map((l) => l.get({ plain: true })) });

/** Returns and their lines. Writers hold their order's lock (the returns of one order queue behind it). */
export class ReturnsRepository {
  async insert(
    r: Omit<ReturnRow, 'lines' | 'refundAmount' | 'storeCreditAmount' | 'shippingFee' | 'restockingFee'>,
    lines: ReturnLineRow[],
    tx: Transaction,
  ) {
    await ReturnRecord.create(r, { transaction: tx });
    await ReturnLineRecord.bulkCreate(lines, { transaction: tx });
  }

  async byId(id: string, tx?: Transaction): Promise<ReturnRow | undefined> {
    const found = await ReturnRecord.findByPk(id, { ...withLines, transaction: tx });
    return found ? plain(found) : undefined;
  }

  async ofOrder(orderId: string, tx?: Transaction): Promise<ReturnRow[]> {
    const rows = await ReturnRecord.findAll({ ...withLines, where: { orderId }, order: [['createdAt', 'ASC']], transaction: tx });
    return rows.map(plain);
  }

  async count(orderId: string, tx: Transaction): Promise<number> {
    return ReturnRecord.count({ where: { orderId }, transaction: tx });
  }

  async list(
    f: { status?: ReturnStatus; kind?: ReturnKind; orderId?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: ReturnRow[]; total: number }> {
    const where = {
      ...(f.status ? { status: f.status } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.orderId ? { orderId: f.orderId } : {}),
    };
    const [total, rows] = await Promise.all([
      ReturnRecord.count({ where }),
      ReturnRecord.findAll({ ...withLines, where, order: [['createdAt', 'DESC']], limit, offset }),
    ]);
    return { rows: rows.map(plain), total };
  }

  /** Units of each order line held by open returns and claims. */
  async openQuantities(orderId: string, tx?: Transaction): Promise<Map<string, number>> {
    const sums = (await ReturnLineRecord.findAll({
      attributes: ['orderItemId', [fn('SUM', col('quantity')), 'held']],
      include: [{ model: ReturnRecord, as: 'return', attributes: [], where: { orderId, status: OPEN_RETURN_STATUSES } }],
      group: ['orderItemId'],
      transaction: tx,
      raw: true,
    })) as unknown as { orderItemId: string; held: string | number }[];
    return new Map(sums.map((s) => [s.orderItemId, Number(s.held)]));
  }

  async update(id: string, changes: Partial<Omit<ReturnRow, 'id' | 'lines'>>, tx: Transaction): Promise<void> {
    await ReturnRecord.update(changes, { where: { id }, transaction: tx });
  }

  async updateLine(id: string, changes: Pick<ReturnLineRow, 'receivedQuantity' | 'restock'>, tx: Transaction): Promise<void> {
    await ReturnLineRecord.update(changes, { where: { id }, transaction: tx });
  }
}
