import type { Transaction } from '../../db/db';

type Handler = (productIds: string[], tx?: Transaction) => Promise<void>;

/**
 * Catalog writes announce which products they touched, inside their transaction; the search
 * index subscribes (it enqueues index jobs in that same transaction, so they commit together).
 */
export class ProductChanges {
  private readonly handlers: Handler[] = [];
  on(handler: Handler): void {
    this.handlers.push(handler);
  }
  async changed(productIds: string[], tx?: Transaction): Promise<void> {
    const ids = [...new Set(productIds)];
    if (!ids.length) return;
    for (const h of this.handlers) await h(ids, tx);
  }
}
