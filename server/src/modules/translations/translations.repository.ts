import type { TranslatableKind } from '@bazaar/shared';
import { Op } from 'sequelize';
import type { Db, Transaction } from '../../db/db';
import { VersionRow } from '../../db/version-row';
import { Category, Product, Variant } from '../catalog';
import { ShippingMethod } from '../pricing';
import { TranslationRow } from './translations.models';

const OWNERS = { product: Product, variant: Variant, category: Category, shipping_method: ShippingMethod } as const;

/** Translated texts (the TranslationRow model) and the version row that tells other processes they changed. */
export class TranslationsRepository {
  /** Tells every process that translations changed (see TranslationsService's cache). */
  readonly version: VersionRow;
  constructor(db: Db) {
    this.version = new VersionRow(db, 'translations.version');
  }

  async forEntity(kind: TranslatableKind, entityId: string): Promise<{ language: string; fields: Record<string, unknown> }[]> {
    const rows = await TranslationRow.findAll({ where: { kind, entityId }, order: [['language', 'ASC']] });
    return rows.map((r) => ({ language: r.language, fields: r.fields }));
  }

  /** One language's fields for these things (absent: not translated). */
  async inLanguage(kind: TranslatableKind, language: string, entityIds: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (!entityIds.length) return new Map();
    const rows = await TranslationRow.findAll({ where: { kind, language, entityId: { [Op.in]: entityIds } } });
    return new Map(rows.map((r) => [r.entityId, r.fields]));
  }

  async put(kind: TranslatableKind, entityId: string, language: string, fields: Record<string, unknown>, tx: Transaction): Promise<void> {
    await TranslationRow.upsert({ kind, entityId, language, fields }, { transaction: tx });
  }

  async remove(kind: TranslatableKind, entityId: string, language: string | undefined, tx: Transaction): Promise<number> {
    return TranslationRow.destroy({ where: { kind, entityId, ...(language ? { language } : {}) }, transaction: tx });
  }

  /** Whether the thing being translated exists (in the catalog's or pricing's table). */
  async exists(kind: TranslatableKind, id: string): Promise<boolean> {
    return (await (OWNERS[kind] as typeof Product).count({ where: { id } })) > 0;
  }
}
