import type { Db } from '../../db/db';

export interface ProductDocument {
  id: string;
  slug: string;
  title: string;
  brand: string;
  description: string;
  tags: string[];
  status: string;
  /** Every category the product is in, with their ancestors (filters include descendants). */
  categoryIds: string[];
  primaryCategoryId: string | null;
  price: number;
  rating: number;
  inStock: boolean;
  soldCount: number;
  createdAt: string;
}

/** Reads what an engine indexes about a product. */
export class SearchRepository {
  constructor(private readonly db: Db) {}

  async documents(productIds?: string[]): Promise<ProductDocument[]> {
    const where = productIds ? 'WHERE p.id IN (?)' : "WHERE p.status = 'active'";
    if (productIds && !productIds.length) return [];
    const rows = await this.db.select<{
      id: string;
      slug: string;
      title: string;
      brand: string;
      description: string;
      status: string;
      primary_category_id: string | null;
      min_price: number;
      rating_avg: number;
      in_stock: number;
      sold_count: number;
      created_at: Date;
      tags: string | null;
      categories: string | null;
    }>(
      `SELECT p.id, p.slug, p.title, p.brand, p.description, p.status, p.primary_category_id, p.min_price, p.rating_avg, p.in_stock, p.sold_count, p.created_at,
              (SELECT GROUP_CONCAT(t.tag SEPARATOR '|') FROM product_tags t WHERE t.product_id = p.id) AS tags,
              (SELECT GROUP_CONCAT(pc.category_id SEPARATOR '|') FROM product_categories pc WHERE pc.product_id = p.id) AS categories
         FROM products p ${where}`,
      productIds ? [productIds] : [],
    );
    const parents = new Map(
      (await this.db.select<{ id: string; parent_id: string | null }>('SELECT id, parent_id FROM categories')).map((c) => [
        c.id,
        c.parent_id,
      ]),
    );
    const withAncestors = (ids: string[]) => {
      const out = new Set<string>();
      for (let id of ids) for (let guard = 0; id && guard < 20; guard++, id = parents.get(id) ?? '') out.add(id);
      return [...out];
    };
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      brand: r.brand,
      description: r.description,
      tags: r.tags ? r.tags.split('|') : [],
      status: r.status,
      categoryIds: withAncestors([
        ...(r.categories ? r.categories.split('|') : []),
        ...(r.primary_category_id ? [r.primary_category_id] : []),
      ]),
      primaryCategoryId: r.primary_category_id,
      price: Number(r.min_price),
      rating: Number(r.rating_avg),
      inStock: Boolean(r.in_stock),
      soldCount: Number(r.sold_count),
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }
}
