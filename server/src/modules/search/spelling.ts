/**
 * Spelling correction rules: a query word of at least 5 letters that the catalog does not know is
 * replaced by a catalog word one edit away (a letter dropped, added, changed, or two neighbours
 * swapped), the one in most products. Words with digits (sizes, model numbers) are left alone.
 */
export const MIN_CORRECTABLE_LENGTH = 5;

export function isCorrectable(term: string): boolean {
  return term.length >= MIN_CORRECTABLE_LENGTH && /^\p{L}+$/u.test(term);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one edit from `word` (Damerau–Levenshtein distance 1), over a–z and the word's own letters. */
export function edits1(word: string): string[] {
  const letters = [...new Set([...ALPHABET, ...word])];
  const chars = [...word];
  const out = new Set<string>();
  for (let i = 0; i <= chars.length; i++) {
    const head = chars.slice(0, i).join('');
    const tail = chars.slice(i);
    if (tail.length) out.add(head + tail.slice(1).join(''));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2).join(''));
    for (const c of letters) {
      if (tail.length && c !== tail[0]) out.add(head + c + tail.slice(1).join(''));
      out.add(head + c + tail.join(''));
    }
  }
  out.delete(word);
  return [...out];
}

export interface VocabularyMatch {
  word: string;
  /** How many active products use the word. */
  products: number;
}

/** The likeliest of the catalog words found one edit away: the most used, then the first in alphabetical order. */
export function bestCorrection(matches: VocabularyMatch[]): string | undefined {
  return [...matches].sort((a, b) => b.products - a.products || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))[0]?.word;
}
