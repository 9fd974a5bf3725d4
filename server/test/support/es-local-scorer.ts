import type Mock from '@elastic/elasticsearch-mock';
import { stem } from 'porter2';
import { ES_ALIAS } from '../../src/modules/search';
import { textWords } from '../../src/modules/search/search-engine';

/**
 * A stand-in for an Elasticsearch node behind `@elastic/elasticsearch-mock`: it keeps the documents
 * a reindex bulk-sends, and answers `_search` by evaluating the `multi_match` the engine built
 * (best_fields, operator and, fuzziness AUTO with its prefix length, field boosts) with BM25 over
 * approximations of the index's analyzers. It is not Elasticsearch: the `english` analyzer is
 * approximated by its stop words and a Porter2 stemmer (Elasticsearch uses Porter), and fuzzy terms
 * score as their exact term scaled by similarity. It measures the query the engine sends, not the
 * cluster.
 */
type Analyzer = (text: string) => string[];
const ENGLISH_STOP = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);
const english: Analyzer = (text) =>
  textWords(text.normalize('NFD').replace(/\p{M}/gu, ''))
    .filter((w) => !ENGLISH_STOP.has(w))
    .map((w) => stem(w));
const standard: Analyzer = (text) => textWords(text);
const edgeNgrams: Analyzer = (text) =>
  standard(text.normalize('NFD').replace(/\p{M}/gu, '')).flatMap((w) =>
    [...Array(Math.max(0, Math.min(w.length, 20) - 1))].map((_, i) => w.slice(0, i + 2)),
  );

/** Index-time and search-time analyzers of each field the engine's multi_match names (see ES_INDEX_BODY). */
const FIELDS: Record<string, { source: (d: Source) => string; index: Analyzer; search: Analyzer }> = {
  title: { source: (d) => d.title, index: english, search: english },
  'title.autocomplete': { source: (d) => d.title, index: edgeNgrams, search: standard },
  'brand.text': { source: (d) => d.brand, index: standard, search: standard },
  'tags.text': { source: (d) => d.tags.join(' '), index: english, search: english },
  description: { source: (d) => d.description, index: english, search: english },
};
interface Source {
  title: string;
  brand: string;
  tags: string[];
  description: string;
}

/** Optimal string alignment distance: Levenshtein with a swap of neighbours as one edit, as Lucene's fuzzy query counts. */
function editDistance(a: string, b: string): number {
  const d = [...Array(a.length + 1)].map((_, i) => [...Array(b.length + 1)].map((_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}
/** `fuzziness: AUTO`: no edit for 1–2 characters, one for 3–5, two beyond. */
const autoFuzziness = (term: string) => (term.length <= 2 ? 0 : term.length <= 5 ? 1 : 2);

export class LocalEsIndex {
  private docs = new Map<string, Record<string, string[]>>();

  /** Routes the mock's bulk, index-admin and search calls to this index. */
  attach(mock: Mock): void {
    mock.add({ method: 'PUT', path: '/:index' }, () => ({ acknowledged: true }));
    mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, () => ({ _shards: {} }));
    mock.add({ method: 'GET', path: '/_alias/:name' }, () => ({}));
    mock.add({ method: 'POST', path: '/_aliases' }, () => ({ acknowledged: true }));
    mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
      const lines = params.body as Record<string, unknown>[];
      for (let i = 0; i < lines.length; i += 2) {
        const id = (lines[i] as { index: { _id: string } }).index._id;
        const source = lines[i + 1] as unknown as Source;
        this.docs.set(id, Object.fromEntries(Object.entries(FIELDS).map(([name, f]) => [name, f.index(f.source(source))])));
      }
      return { errors: false, items: [] };
    });
    mock.add({ method: 'POST', path: `/${ES_ALIAS}/_search` }, (params) => this.search(params.body as SearchBody));
  }

  private search(body: SearchBody) {
    const mm = body.query.bool.must[0]!.multi_match;
    if (mm.type !== 'best_fields' || mm.operator !== 'and' || body.query.bool.filter.length)
      throw new Error('the local scorer evaluates only the unfiltered best_fields/and query the engine sends by relevance');
    const fields = mm.fields.map((f) => {
      const [name = '', boost = '1'] = f.split('^');
      const lengths = [...this.docs.values()].map((d) => d[name]!.length);
      return {
        name,
        boost: Number(boost),
        avgdl: lengths.reduce((s, n) => s + n, 0) / Math.max(1, lengths.length),
        tokens: FIELDS[name]!.search(mm.query),
      };
    });
    const n = this.docs.size;
    const docFreq = (name: string, term: string) => [...this.docs.values()].filter((d) => d[name]!.includes(term)).length;
    const scored = [...this.docs.entries()].flatMap(([id, doc]) => {
      const fieldScores = fields.map(({ name, boost, avgdl, tokens }) => {
        if (!tokens.length) return 0;
        const terms = doc[name]!;
        let score = 0;
        for (const token of tokens) {
          const max = mm.fuzziness === 'AUTO' ? autoFuzziness(token) : 0;
          let best = 0;
          for (const term of new Set(terms)) {
            if (term !== token && (term.slice(0, mm.prefix_length ?? 0) !== token.slice(0, mm.prefix_length ?? 0) || max === 0)) continue;
            const distance = term === token ? 0 : editDistance(term, token);
            if (distance > max) continue;
            const tf = terms.filter((t) => t === term).length;
            const df = docFreq(name, term);
            const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            const bm25 = (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * terms.length) / avgdl));
            best = Math.max(best, bm25 * (1 - distance / Math.min(term.length, token.length)));
          }
          if (best === 0) return 0; // operator and: every token must match within this one field
          score += best;
        }
        return boost * score;
      });
      const score = Math.max(...fieldScores);
      return score > 0 ? [{ _id: id, _score: score }] : [];
    });
    scored.sort((a, b) => b._score - a._score || (a._id < b._id ? -1 : 1));
    const empty = { buckets: {} };
    return {
      hits: { total: { value: scored.length, relation: 'eq' }, hits: scored.slice(body.from, body.from + body.size) },
      aggregations: { category: { buckets: [] }, brand: { buckets: [] }, price: empty, rating: empty, in_stock: { doc_count: 0 } },
    };
  }
}

interface SearchBody {
  from: number;
  size: number;
  query: {
    bool: {
      must: {
        multi_match: { query: string; fields: string[]; type: string; operator: string; fuzziness: string; prefix_length?: number };
      }[];
      filter: unknown[];
    };
  };
}
