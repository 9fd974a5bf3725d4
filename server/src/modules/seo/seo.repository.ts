import type { Db } from '../../db/db';

/** A page of the sitemap: its slug and, for products, when it last changed. */
export interface SitemapEntry {
  slug: string;
  updatedAt?: Date;
}

/**
 * The sitemap's read of the catalog tables (products, categories): the catalog module's index has
 * no listing of every slug, so the storefront shell reads them here, read-only.
 */
export class SeoRepository {
  constructor(private readonly db: Db) {}

  /** Active products by slug (at most 50 000, a sitemap's limit), with when each last changed. */
  async activeProducts(): Promise<Required<SitemapEntry>[]> {
    const rows = await this.db.select<{ slug: string; updated_at: Date }>(
      "SELECT slug, updated_at FROM products WHERE status = 'active' ORDER BY slug LIMIT 50000",
    );
    return rows.map((r) => ({ slug: r.slug, updatedAt: new Date(r.updated_at) }));
  }

  async categories(): Promise<SitemapEntry[]> {
    const rows = await this.db.select<{ slug: string }>('SELECT slug FROM categories ORDER BY slug');
    return rows.map((r) => ({ slug: r.slug }));
  }
}
