import type { Suggestion } from '@bazaar/shared';
import type { Clock } from '../../lib/clock';
import type { MariaDbSearchRepository, SearchRow } from './mariadb-search.repository';
import { highlight, stemOf, textWords, type EngineQuery, type EngineResult, type SearchEngine } from './search-engine';
import type { ProductDocument, SearchRepository } from './search.repository';
import { bestCorrection, edits1, isCorrectable } from './spelling';

const REINDEX_CHUNK = 200;
/** InnoDB's FULLTEXT ignores words shorter than this (innodb_ft_min_token_size). */
const MIN_TOKEN = 3;

const stemText = (text: string) => textWords(text).map(stemOf).join(' ');

/** A product as `product_search` holds it: its text, the same text stemmed, and its distinct words. */
export function searchRow(doc: ProductDocument): SearchRow {
  const tags = doc.tags.join(' ');
  const words = [...new Set(textWords(`${doc.title} ${doc.brand} ${tags} ${doc.description}`))].filter((w) => w.length <= 64);
  return {
    productId: doc.id,
    title: doc.title,
    brand: doc.brand,
    tags,
    description: doc.description,
    titleStems: stemText(doc.title),
    stems: stemText(`${doc.brand} ${tags} ${doc.description}`),
    words: words.map((word) => ({ word, stem: stemOf(word) })),
  };
}

/**
 * One required group per term: the word as a prefix (`head` finds "headphones") or its stem exactly,
 * which the stem columns hold for every inflection (`sofas` finds "Sofa", `running` finds "runs").
 */
export function matchExpression(terms: string[]): string {
  // A word shorter than the index's tokens ("tv" in "tv stand") can match no indexed word: required, it would empty every search.
  const indexable = terms.filter((t) => t.length >= MIN_TOKEN);
  return (indexable.length ? indexable : terms)
    .map((t) => {
      const s = stemOf(t);
      return s === t || s.length < MIN_TOKEN ? `+${t}*` : `+(${t}* ${s})`;
    })
    .join(' ');
}

/**
 * The default engine: InnoDB FULLTEXT in boolean mode over the words and their Porter2 stems. Every
 * term must match; a title match counts three times a match elsewhere; facets are SQL aggregates
 * over the same matching set. Misspelt words are corrected against the catalog's own vocabulary.
 */
export class MariaDbSearchEngine implements SearchEngine {
  readonly name = 'mariadb' as const;
  constructor(
    private readonly repo: MariaDbSearchRepository,
    private readonly documents: SearchRepository,
    private readonly clock: Clock,
  ) {}

  async indexProduct(productId: string): Promise<void> {
    const docs = await this.documents.documents([productId]);
    // A deleted product has no document: the foreign keys removed its rows.
    await this.repo.upsert(docs.map(searchRow), this.clock.now());
  }

  async reindexAll(): Promise<{ indexed: number }> {
    const now = this.clock.now();
    const ids = await this.repo.productIds();
    for (let i = 0; i < ids.length; i += REINDEX_CHUNK)
      await this.repo.upsert((await this.documents.documents(ids.slice(i, i + REINDEX_CHUNK))).map(searchRow), now);
    return { indexed: await this.repo.count() };
  }

  async search(q: EngineQuery): Promise<EngineResult> {
    const { rows, total, facets } = await this.repo.search({ ...q, match: matchExpression(q.terms) });
    return {
      hits: rows.map((r) => {
        const title = highlight(r.title, q.terms);
        const description = highlight(r.description, q.terms);
        return {
          id: r.id,
          ...(title || description ? { highlight: { ...(title ? { title } : {}), ...(description ? { description } : {}) } } : {}),
        };
      }),
      total,
      facets,
    };
  }

  suggestProducts(terms: string[], limit: number): Promise<Suggestion[]> {
    return this.repo.suggest(terms.map((t) => `+${t}*`).join(' '), limit);
  }

  /**
   * A term is corrected only when it is long enough and would match nothing as it is: no catalog
   * word starts with it and none shares its stem. A catalog word one edit away wins; failing that, a
   * word whose stem is one edit from the term's ("headphnes" → `headphn` → `headphon`: "headphone").
   */
  async correct(terms: string[]): Promise<string[]> {
    return Promise.all(
      terms.map(async (t) => {
        const stem = stemOf(t);
        if (!isCorrectable(t) || (await this.repo.knows(t, stem))) return t;
        return (
          bestCorrection(await this.repo.vocabularyMatches(edits1(t))) ?? bestCorrection(await this.repo.stemMatches(edits1(stem))) ?? t
        );
      }),
    );
  }
}
