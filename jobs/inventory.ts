import type { JobDefinition } from '../server/src/modules/jobs';
import { lowStockAlertMessage } from '../server/src/modules/email';
import type { JobServices } from './index';

const ALERTED_KEY = 'inventory.lowStockAlerted';

/**
 * Hourly: tell admins about variants that reached their low-stock threshold since the last alert.
 * Variants already reported are remembered (and forgotten once restocked), so nobody gets the
 * same list every hour.
 */
export const inventoryJobs: JobDefinition<unknown, JobServices>[] = [
  {
    name: 'inventory.low-stock-alert',
    schedule: '5 * * * *',
    run: async (_p, { services }) => {
      const { db } = services;
      const low = await db.select<{ variant_id: string; sku: string; title: string; available: number; threshold: number }>(
        `SELECT il.variant_id, v.sku, CONCAT(p.title, IF(v.title = '', '', CONCAT(' (', v.title, ')'))) AS title,
                il.on_hand - il.reserved AS available, il.low_stock_threshold AS threshold
           FROM inventory_levels il JOIN variants v ON v.id = il.variant_id JOIN products p ON p.id = v.product_id
          WHERE il.allow_backorder = 0 AND il.on_hand - il.reserved <= il.low_stock_threshold AND p.status = 'active'
          ORDER BY available, v.sku`,
      );
      const row = await db.one<{ value: string | string[] }>('SELECT value FROM settings WHERE `key` = ?', [ALERTED_KEY]);
      const before = new Set<string>(row ? (typeof row.value === 'string' ? (JSON.parse(row.value) as string[]) : row.value) : []);
      const fresh = low.filter((l) => !before.has(l.variant_id));
      if (fresh.length) {
        const admins = await db.select<{ email: string }>("SELECT email FROM users WHERE role_id = 'admin' AND disabled_at IS NULL");
        const items = fresh.map((l) => ({ sku: l.sku, title: l.title, available: Number(l.available), threshold: Number(l.threshold) }));
        const url = `${services.config.http.publicUrl ?? `http://localhost:${services.config.http.port}`}/admin/inventory`;
        for (const admin of admins) await services.mailer.send(lowStockAlertMessage(admin.email, items, url));
      }
      await db.execute(
        'INSERT INTO settings (`key`, value, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)',
        [ALERTED_KEY, JSON.stringify(low.map((l) => l.variant_id))],
      );
    },
  },
];
