import type { Translations } from './resources/en';

/** Every resource file, the way the app finds them (`de.ts` → `de`): a new file is checked at once. */
const resources = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: Translations }>('./resources/*.ts', { eager: true })).map(([file, module]) => [
    /([\w-]+)\.ts$/.exec(file)![1]!,
    { translation: module.default },
  ]),
);

/** Every key of a resource, as `group.key` paths, with its text. */
function flatten(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const languages = Object.keys(resources);
const keysOf = (lang: string) => flatten(resources[lang]!.translation);
/** `{{name}}` placeholders and `<a>`-style tags: a translation must keep every one of them. */
const markers = (text: string) => [...text.matchAll(/\{\{\s*[\w.]+\s*\}\}|<\/?\w+>/g)].map((m) => m[0].replace(/\s/g, '')).sort();

describe('storefront translations', () => {
  it('offers English and German', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'de']));
  });

  it.each(languages.filter((l) => l !== 'en'))('%s has exactly the English keys', (lang) => {
    const en = [...keysOf('en').keys()].sort();
    const other = [...keysOf(lang).keys()].sort();
    expect(other.filter((k) => !en.includes(k))).toEqual([]); // nothing English lacks
    expect(en.filter((k) => !other.includes(k))).toEqual([]); // nothing missing
  });

  it.each(languages)('%s has no empty texts, and every text is a string', (lang) => {
    const bad = [...keysOf(lang)].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it.each(languages.filter((l) => l !== 'en'))('%s keeps the placeholders and tags of every English text', (lang) => {
    const en = keysOf('en');
    const other = keysOf(lang);
    const differing = [...en].filter(
      ([k, v]) => JSON.stringify(markers(String(v))) !== JSON.stringify(markers(String(other.get(k) ?? ''))),
    );
    expect(differing.map(([k]) => k)).toEqual([]);
  });
});
