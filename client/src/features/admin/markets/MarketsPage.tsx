import { MarketInput, MarketUpdate, ROUNDING_RULES, type AdminMarket } from '@bazaar/shared';
import { useState } from 'react';
import { Dialog, Field, PageHeader, useAction } from '../ui';
import {
  useAdminMarketsQuery,
  useDeleteExchangeRateMutation,
  useDeleteMarketMutation,
  useExchangeRatesQuery,
  useSaveMarketMutation,
  useSetExchangeRateMutation,
} from './markets.api';

interface Draft {
  code: string;
  name: string;
  currency: string;
  defaultLanguage: string;
  languages: string;
  countries: string;
  pricesIncludeTax: boolean;
  rounding: (typeof ROUNDING_RULES)[number];
  active: boolean;
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const ROUNDING_LABELS: Record<Draft['rounding'], string> = {
  exact: 'To the cent (exact)',
  whole: 'To whole units',
  x99: 'Up to …99',
};

const emptyDraft: Draft = {
  code: '',
  name: '',
  currency: '',
  defaultLanguage: 'en',
  languages: 'en',
  countries: '',
  pricesIncludeTax: false,
  rounding: 'exact',
  active: true,
};

/** Markets (sets of countries with a currency and languages) and the exchange rates their derived prices use. */
export default function MarketsPage() {
  const { data: markets = [] } = useAdminMarketsQuery();
  const [editing, setEditing] = useState<{ id?: string; draft: Draft }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [save, { isLoading }] = useSaveMarketMutation();
  const [remove] = useDeleteMarketMutation();
  const act = useAction();

  const open = (m?: AdminMarket) => {
    setErrors({});
    setEditing({
      id: m?.id ?? undefined,
      draft: m
        ? {
            code: m.code,
            name: m.name,
            currency: m.currency,
            defaultLanguage: m.defaultLanguage,
            languages: m.languages.join(', '),
            countries: m.countries.join(', '),
            pricesIncludeTax: m.pricesIncludeTax,
            rounding: m.rounding,
            active: m.active,
          }
        : emptyDraft,
    });
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const d = editing.draft;
    const body = { ...d, currency: d.currency.trim().toUpperCase(), languages: list(d.languages), countries: list(d.countries) };
    const parsed = (editing.id ? MarketUpdate : MarketInput).safeParse(body);
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ''), i.message])));
    setErrors({});
    if (await act(() => save({ id: editing.id, body: parsed.data }).unwrap(), 'Saved')) setEditing(undefined);
  };
  const field = (key: keyof Draft, label: string, hint?: string) => (
    <Field label={label} error={errors[key]} hint={hint}>
      <input
        className="input"
        value={String(editing!.draft[key])}
        onChange={(e) => setEditing({ ...editing!, draft: { ...editing!.draft, [key]: e.target.value } })}
      />
    </Field>
  );

  return (
    <>
      <PageHeader title="Markets">
        <button type="button" className="btn-primary" onClick={() => open()}>
          New market
        </button>
      </PageHeader>
      <ul className="mb-8 divide-y rounded border" aria-label="Markets">
        {markets.map((m) => (
          <li key={m.code} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
            <span className="font-medium">{m.name}</span>
            <span>
              {m.currency} · {m.languages.join(', ')} · {m.isDefault ? 'every other country' : m.countries.join(', ')}
              {m.rate && ` · rate ${m.rate}`}
              {m.pricesIncludeTax && ' · prices include tax'}
              {!m.active && ' · closed'}
            </span>
            {m.isDefault ? (
              <span className="ml-auto text-xs text-gray-500">Default (set by the shop&apos;s configuration)</span>
            ) : (
              <>
                <button type="button" className="btn ml-auto" onClick={() => open(m)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => window.confirm(`Delete ${m.name}?`) && act(() => remove(m.id!).unwrap(), 'Deleted')}
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <ExchangeRates base={markets.find((m) => m.isDefault)?.currency} />
      <Dialog open={!!editing} title={editing?.id ? 'Edit market' : 'New market'} onClose={() => setEditing(undefined)}>
        {editing && (
          <form onSubmit={submit} noValidate className="grid grid-cols-2 gap-3">
            {field('code', 'Code', 'As in ?market=eu')}
            {field('name', 'Name')}
            {field('currency', 'Currency', 'ISO 4217, e.g. EUR')}
            {field('defaultLanguage', 'Default language')}
            {field('languages', 'Languages', 'Comma-separated, e.g. de, en')}
            {field('countries', 'Countries', 'Two-letter codes, comma-separated')}
            <Field label="Rounding of converted prices" error={errors.rounding}>
              <select
                className="input"
                value={editing.draft.rounding}
                onChange={(e) => setEditing({ ...editing, draft: { ...editing.draft, rounding: e.target.value as Draft['rounding'] } })}
              >
                {ROUNDING_RULES.map((r) => (
                  <option key={r} value={r}>
                    {ROUNDING_LABELS[r]}
                  </option>
                ))}
              </select>
            </Field>
            <div className="flex flex-col justify-end gap-1 text-sm">
              {(['pricesIncludeTax', 'active'] as const).map((key) => (
                <label key={key} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={editing.draft[key]}
                    onChange={(e) => setEditing({ ...editing, draft: { ...editing.draft, [key]: e.target.checked } })}
                  />
                  {key === 'active' ? 'On sale' : 'Prices include tax'}
                </label>
              ))}
            </div>
            <div className="col-span-2 flex justify-end gap-2">
              <button type="button" className="btn" onClick={() => setEditing(undefined)}>
                Back
              </button>
              <button type="submit" className="btn-primary" disabled={isLoading}>
                Save
              </button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}

function ExchangeRates({ base }: { base?: string }) {
  const { data: rates = [] } = useExchangeRatesQuery();
  const [setRate] = useSetExchangeRateMutation();
  const [removeRate] = useDeleteExchangeRateMutation();
  const [currency, setCurrency] = useState('');
  const [rate, setRateText] = useState('');
  const act = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await act(() => setRate({ currency: currency.trim().toUpperCase(), rate: rate.trim() }).unwrap(), 'Rate saved')) {
      setCurrency('');
      setRateText('');
    }
  };
  return (
    <section aria-labelledby="rates-title">
      <h2 id="rates-title" className="mb-2 text-lg font-semibold">
        Exchange rates
      </h2>
      <p className="mb-2 text-sm text-gray-600">
        What one {base ?? 'base'} buys. Prices without an explicit price in a currency are converted at this rate when shown, so a new rate
        re-prices them at once.
      </p>
      <ul className="mb-3 divide-y rounded border">
        {rates.length === 0 && <li className="px-3 py-2 text-sm text-gray-500">No rates yet.</li>}
        {rates.map((r) => (
          <li key={r.currency} className="flex items-center gap-2 px-3 py-2 text-sm">
            <span>
              1 {base} = {r.rate} {r.currency}
            </span>
            <span className="text-xs text-gray-500">updated {new Date(r.updatedAt).toLocaleString()}</span>
            <button type="button" className="btn ml-auto" onClick={() => act(() => removeRate(r.currency).unwrap(), 'Rate removed')}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="flex items-end gap-2">
        <Field label="Currency">
          <input className="input w-24" value={currency} onChange={(e) => setCurrency(e.target.value)} />
        </Field>
        <Field label="Rate">
          <input className="input w-32" inputMode="decimal" value={rate} onChange={(e) => setRateText(e.target.value)} />
        </Field>
        <button type="submit" className="btn-primary">
          Set rate
        </button>
      </form>
    </section>
  );
}
