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
      const low = await services.inventory.lowStock();
      const row = await db.one<{ value: string | string[] }>('SELECT value FROM settings WHERE `key` = ?', [ALERTED_KEY]);
      const before = new Set<string>(row ? (typeof row.value === 'string' ? (JSON.parse(row.value) as string[]) : row.value) : []);
      const fresh = low.filter((l) => !before.has(l.variantId));
      if (fresh.length) {
        const admins = await db.select<{ email: string }>("SELECT email FROM users WHERE role_id = 'admin' AND disabled_at IS NULL");
        const items = fresh.map((l) => ({
          sku: l.sku,
          title: l.variantTitle ? `${l.productTitle} (${l.variantTitle})` : l.productTitle,
          available: l.available,
          threshold: l.threshold,
        }));
        const url = `${services.config.http.publicUrl ?? `http://localhost:${services.config.http.port}`}/admin/inventory`;
        for (const admin of admins) await services.mailer.send(lowStockAlertMessage(admin.email, items, url));
      }
      await db.execute(
        'INSERT INTO settings (`key`, value, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)',
        [ALERTED_KEY, JSON.stringify(low.map((l) => l.variantId))],
      );
    },
  },
];
