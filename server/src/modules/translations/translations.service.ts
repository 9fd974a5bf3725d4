import type { TranslatableKind, Translation, TranslationFields } from '@bazaar/shared';
import { TRANSLATABLE } from '@bazaar/shared';
import type { Db } from '../../db/db';
import { notFound, validationFailed } from '../../lib/errors';
import { VersionedCache } from '../../lib/versioned-cache';
import type { TranslationsRepository } from './translations.repository';

/**
 * Texts in other languages. Reads go through a per-process cache keyed by kind, language and id,
 * shared with every process through the version row; a field that is not translated falls back to
 * the shop's own text (the caller's), so the default language needs no rows at all.
 */
export class TranslationsService {
  private readonly cache: VersionedCache;

  constructor(
    private readonly db: Db,
    private readonly repo: TranslationsRepository,
  ) {
    this.cache = new VersionedCache(repo.version, { maxKeys: 200_000 });
  }

  /** One language's translated fields for these things; things without a translation are absent. */
  async fields<K extends TranslatableKind>(kind: K, language: string, ids: string[]): Promise<Map<string, TranslationFields<K>>> {
    const prefix = `${kind}:${language}:`;
    const keyed = await this.cache.getManyOrLoad<Record<string, unknown> | null>(
      ids.map((id) => prefix + id),
      async (missing) => {
        const rows = await this.repo.inLanguage(
          kind,
          language,
          missing.map((k) => k.slice(prefix.length)),
        );
        return new Map([...rows].map(([id, f]) => [prefix + id, f]));
      },
      null,
    );
    const found = new Map<string, TranslationFields<K>>();
    for (const [key, f] of keyed) if (f) found.set(key.slice(prefix.length), f as TranslationFields<K>);
    return found;
  }

  // --- staff -----------------------------------------------------------------------------

  async list(kind: TranslatableKind, id: string): Promise<{ items: Translation[] }> {
    if (!(await this.repo.exists(kind, id))) throw notFound('It');
    return { items: await this.repo.forEntity(kind, id) };
  }

  /** Replaces one language's fields; an empty set of fields removes the translation. */
  async put(kind: TranslatableKind, id: string, language: string, fields: Record<string, unknown>): Promise<{ items: Translation[] }> {
    const parsed = TRANSLATABLE[kind].safeParse(fields);
    if (!parsed.success)
      throw validationFailed(parsed.error.issues.map((i) => ({ path: ['fields', ...i.path].join('.'), message: i.message })));
    if (!(await this.repo.exists(kind, id))) throw notFound('It');
    await this.cache.write(this.db, async (tx) => {
      if (Object.keys(parsed.data).length) await this.repo.put(kind, id, language, parsed.data, tx);
      else await this.repo.remove(kind, id, language, tx);
    });
    return this.list(kind, id);
  }

  async remove(kind: TranslatableKind, id: string, language: string): Promise<void> {
    await this.cache.write(this.db, async (tx) => {
      if (!(await this.repo.remove(kind, id, language, tx))) throw notFound('The translation');
    });
  }
}
