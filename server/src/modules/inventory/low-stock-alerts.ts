import type { Transaction } from '../../db/db';
import type { LowStockLevel } from './inventory.service';

/** One line of a low-stock alert. */
export interface LowStockAlertItem {
  sku: string;
  /** The product's title, with the variant's in brackets when it has one. */
  title: string;
  available: number;
  threshold: number;
}

export interface LowStockAlertsDeps {
  /** Variants at or under their threshold now. */
  lowStock(): Promise<LowStockLevel[]>;
  /** Where the variants already reported are remembered between runs. */
  settings: { get(key: string): Promise<unknown>; set(key: string, value: unknown, tx?: Transaction): Promise<void> };
  /** Who is told: the active admins' addresses. */
  adminEmails(): Promise<string[]>;
  /** Sends one admin the alert for these items. */
  sendAlert(to: string, items: LowStockAlertItem[]): Promise<void>;
  /** The `inventory.low` webhook event for the newly low variants, in `tx` (the webhooks module's). */
  announce(items: (LowStockAlertItem & { variantId: string })[], tx: Transaction): Promise<void>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

const itemOf = (l: LowStockLevel): LowStockAlertItem => ({
  sku: l.sku,
  title: l.variantTitle ? `${l.productTitle} (${l.variantTitle})` : l.productTitle,
  available: l.available,
  threshold: l.threshold,
});

/** The setting that holds the variant ids of the last run's low-stock list. */
export const LOW_STOCK_ALERTED_KEY = 'inventory.lowStockAlerted';

/**
 * Tells admins about variants that reached their low-stock threshold since the last run. Variants
 * already reported are remembered (and forgotten once restocked), so nobody gets the same list twice.
 */
export class LowStockAlerts {
  constructor(private readonly d: LowStockAlertsDeps) {}

  /** One run: alerts about the newly low variants; resolves to how many there were. */
  async run(): Promise<number> {
    const low = await this.d.lowStock();
    const stored = await this.d.settings.get(LOW_STOCK_ALERTED_KEY);
    const before = new Set(Array.isArray(stored) ? (stored as string[]) : []);
    const fresh = low.filter((l) => !before.has(l.variantId));
    if (fresh.length) {
      const items = fresh.map(itemOf);
      for (const to of await this.d.adminEmails()) await this.d.sendAlert(to, items);
    }
    // The event and the remembered list commit together: announced once, never lost.
    await this.d.transaction(async (tx) => {
      if (fresh.length)
        await this.d.announce(
          fresh.map((l) => ({ variantId: l.variantId, ...itemOf(l) })),
          tx,
        );
      await this.d.settings.set(
        LOW_STOCK_ALERTED_KEY,
        low.map((l) => l.variantId),
        tx,
      );
    });
    return fresh.length;
  }
}
