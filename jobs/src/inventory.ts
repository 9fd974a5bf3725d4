import type { JobDefinition } from './job.types';

export interface InventoryJobServices {
  /** The low-stock rule: alerts admins about variants newly at their threshold; resolves to how many. */
  lowStockAlerts: { run(): Promise<number> };
}

/**
 * Hourly: tell admins about variants that reached their low-stock threshold since the last alert.
 * Variants already reported are remembered (and forgotten once restocked), so nobody gets the
 * same list every hour.
 */
export const inventoryJobs: JobDefinition<unknown, InventoryJobServices>[] = [
  {
    name: 'inventory.low-stock-alert',
    schedule: '5 * * * *',
    run: async (_p, { services, logger }) => {
      const alerted = await services.lowStockAlerts.run();
      if (alerted) logger.info({ alerted }, 'low-stock alert sent');
    },
  },
];
