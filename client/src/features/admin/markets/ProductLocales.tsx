import { currencyDigits, type AdminProduct, type VariantCurrencyPrice } from '@bazaar/shared';
import { useEffect, useState } from 'react';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { Field, useAction } from '../ui';
import {
  useAdminMarketsQuery,
  useSetTranslationMutation,
  useSetVariantPricesMutation,
  useTranslationsQuery,
  useVariantPricesQuery,
} from './markets.api';

/** The languages and currencies the shop's markets use beyond the default market's own. */
function useLocales() {
  const { data: markets = [] } = useAdminMarketsQuery();
  const base = markets.find((m) => m.isDefault);
  const languages = [...new Set(markets.flatMap((m) => m.languages))].filter((l) => l !== base?.defaultLanguage);
  const currencies = [...new Set(markets.map((m) => m.currency))].filter((c) => c !== base?.currency);
  return { languages, currencies };
}

/** A product's texts in the markets' other languages, and its variants' explicit prices in their currencies. */
export function ProductLocales({ product }: { product: AdminProduct }) {
  const { languages, currencies } = useLocales();
  if (!languages.length && !currencies.length) return null;
  return (
    <section aria-labelledby="locales-title" className="space-y-6">
      <h2 id="locales-title" className="text-lg font-semibold">
        Languages and currencies
      </h2>
      {languages.length > 0 && <ProductTranslation product={product} languages={languages} />}
      {currencies.length > 0 && (
        <div>
          <h3 className="mb-2 font-medium">Prices in other currencies</h3>
          <p className="mb-2 text-sm text-gray-600">
            Leave a price empty to convert the base price at the market&apos;s rate and rounding.
          </p>
          {product.variants.map((v) => (
            <VariantPrices key={v.id} variantId={v.id} title={v.title} currencies={currencies} />
          ))}
        </div>
      )}
    </section>
  );
}

const PRODUCT_FIELDS = [
  { key: 'title', label: 'Title' },
  { key: 'description', label: 'Description', long: true },
  { key: 'seoTitle', label: 'SEO title' },
  { key: 'seoDescription', label: 'SEO description', long: true },
] as const;

function ProductTranslation({ product, languages }: { product: AdminProduct; languages: string[] }) {
  const [language, setLanguage] = useState(languages[0]!);
  const { data: saved = [] } = useTranslationsQuery({ kind: 'product', id: product.id });
  const [save, { isLoading }] = useSetTranslationMutation();
  const act = useAction();
  const optionNames = [...new Set(product.variants.flatMap((v) => Object.keys(v.options)))];
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    const fields = (saved.find((t) => t.language === language)?.fields ?? {}) as Record<string, unknown>;
    setTexts(Object.fromEntries(PRODUCT_FIELDS.map((f) => [f.key, String(fields[f.key] ?? '')])));
    setNames({ ...((fields.optionNames as Record<string, string>) ?? {}) });
  }, [saved, language]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const fields: Record<string, unknown> = Object.fromEntries(Object.entries(texts).filter(([, v]) => v.trim()));
    const named = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim()));
    if (Object.keys(named).length) fields.optionNames = named;
    await act(() => save({ kind: 'product', id: product.id, language, fields }).unwrap(), 'Translation saved');
  };
  return (
    <form onSubmit={submit} aria-label="Translation" className="grid grid-cols-2 gap-3">
      <Field label="Language">
        <select className="input" value={language} onChange={(e) => setLanguage(e.target.value)}>
          {languages.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </Field>
      <p className="self-end text-sm text-gray-600">Empty fields show the shop&apos;s own text.</p>
      {PRODUCT_FIELDS.map((f) => (
        <Field key={f.key} label={`${f.label} (${language})`}>
          {'long' in f ? (
            <textarea
              className="input"
              rows={3}
              value={texts[f.key] ?? ''}
              onChange={(e) => setTexts({ ...texts, [f.key]: e.target.value })}
            />
          ) : (
            <input className="input" value={texts[f.key] ?? ''} onChange={(e) => setTexts({ ...texts, [f.key]: e.target.value })} />
          )}
        </Field>
      ))}
      {optionNames.map((name) => (
        <Field key={name} label={`Option “${name}” (${language})`}>
          <input className="input" value={names[name] ?? ''} onChange={(e) => setNames({ ...names, [name]: e.target.value })} />
        </Field>
      ))}
      <div className="col-span-2 flex justify-end">
        <button type="submit" className="btn-primary" disabled={isLoading}>
          Save translation
        </button>
      </div>
    </form>
  );
}

function VariantPrices({ variantId, title, currencies }: { variantId: string; title: string; currencies: string[] }) {
  const { data: saved = [] } = useVariantPricesQuery(variantId);
  const [save] = useSetVariantPricesMutation();
  const act = useAction();
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  useEffect(() => {
    setAmounts(Object.fromEntries(saved.map((p) => [p.currency, toMoneyInput(p.amount, currencyDigits(p.currency))])));
  }, [saved]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const items: VariantCurrencyPrice[] = [];
    for (const currency of currencies) {
      const text = amounts[currency]?.trim();
      if (!text) continue;
      const amount = parseMoneyInput(text, currencyDigits(currency));
      if (amount === undefined) return setError(`${currency}: not an amount with at most ${currencyDigits(currency)} decimals`);
      const kept = saved.find((p) => p.currency === currency);
      items.push({ currency, amount, compareAtAmount: kept?.compareAtAmount ?? null });
    }
    setError(undefined);
    await act(() => save({ id: variantId, items }).unwrap(), 'Prices saved');
  };
  return (
    <form onSubmit={submit} aria-label={`Prices of ${title}`} className="mb-2 flex flex-wrap items-end gap-2">
      <span className="w-40 text-sm font-medium">{title}</span>
      {currencies.map((c) => (
        <Field key={c} label={`${title} in ${c}`}>
          <input
            className="input w-28"
            inputMode="decimal"
            value={amounts[c] ?? ''}
            onChange={(e) => setAmounts({ ...amounts, [c]: e.target.value })}
          />
        </Field>
      ))}
      <button type="submit" className="btn">
        Save prices
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </form>
  );
}
