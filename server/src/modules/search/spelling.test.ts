import { matchExpression } from './mariadb-engine';
import { highlight, stemOf } from './search-engine';
import { bestCorrection, edits1, isCorrectable } from './spelling';

describe('spelling rules', () => {
  it('lists every string one edit away: a letter dropped, added, changed, or two neighbours swapped', () => {
    const edits = edits1('sofa');
    for (const e of ['ofa', 'sfa', 'soa', 'sof', 'osfa', 'sfoa', 'soaf', 'sofas', 'asofa', 'sofe', 'tofa']) expect(edits).toContain(e);
    expect(edits).not.toContain('sofa');
    expect(edits).not.toContain('fosa'); // two edits
    expect(new Set(edits).size).toBe(edits.length);
    expect(edits1('nightstnd')).toContain('nightstand');
  });

  it('corrects only words of 5+ letters without digits', () => {
    expect(isCorrectable('skilet')).toBe(true);
    expect(isCorrectable('lamp')).toBe(false);
    expect(isCorrectable('4000mah')).toBe(false);
  });

  it('picks the word most products use, then the first alphabetically', () => {
    expect(bestCorrection([])).toBeUndefined();
    expect(
      bestCorrection([
        { word: 'lamps', products: 2 },
        { word: 'damps', products: 5 },
      ]),
    ).toBe('damps');
    expect(
      bestCorrection([
        { word: 'lamps', products: 2 },
        { word: 'camps', products: 2 },
      ]),
    ).toBe('camps');
  });
});

describe('stems in queries and highlights', () => {
  it('stems English inflections to one form', () => {
    expect(['sofa', 'sofas'].map(stemOf)).toEqual(['sofa', 'sofa']);
    expect(['running', 'runs', 'run'].map(stemOf)).toEqual(['run', 'run', 'run']);
    expect(stemOf('4k')).toBe('4k');
  });

  it('asks for each term as a prefix or by its stem, and leaves out words too short for the index', () => {
    expect(matchExpression(['sofas', 'head'])).toBe('+(sofas* sofa) +head*');
    expect(matchExpression(['tv', 'stand'])).toBe('+stand*');
    expect(matchExpression(['tv'])).toBe('+tv*');
  });

  it('marks words that start with a term or share its stem, escaping the rest', () => {
    expect(highlight('Two sofas & a Sofa-bed, headphones', ['sofa', 'head'])).toBe(
      'Two <mark>sofas</mark> &amp; a <mark>Sofa</mark>-bed, <mark>headphones</mark>',
    );
    expect(highlight('Running shoes', ['runs'])).toBe('<mark>Running</mark> shoes');
    expect(highlight('Nothing here', ['sofa'])).toBeUndefined();
  });
});
