import { CouponInput, CouponUpdate, ShippingMethodInput, ShippingMethodUpdate, TaxRateInput, TaxRateUpdate } from '@bazaar/shared';
import { useState } from 'react';
import type { z } from 'zod';
import { parseMoneyInput, toMoneyInput } from '../../components/format';
import { useDeletePricingMutation, usePricingListQuery, useSavePricingMutation, type PricingKind } from './admin.api';
import { Dialog, Field, PageHeader, useAction } from './ui';

type Kind = 'text' | 'money' | 'int' | 'bool' | 'percent' | 'datetime' | 'list' | { options: string[] };
type Draft = Record<string, string | boolean>;
interface FieldDef {
  key: string;
  label: string;
  kind: Kind | ((d: Draft) => Kind);
  optional?: boolean;
}

/** Form text ↔ API values: money and percentages are typed as decimals and sent as integers. */
function toApi(kind: Kind, value: string | boolean): unknown {
  if (typeof value === 'boolean') return value;
  const v = value.trim();
  if (v === '') return null;
  if (kind === 'money' || kind === 'percent') return parseMoneyInput(v) ?? Number.NaN;
  if (kind === 'int') return Number.isInteger(Number(v)) ? Number(v) : Number.NaN;
  // datetime-local has no zone; the form says UTC, so it is read as UTC.
  if (kind === 'datetime') return new Date(`${v}Z`).toISOString();
  if (kind === 'list')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return v;
}
function toForm(kind: Kind, value: unknown): string | boolean {
  if (kind === 'bool') return Boolean(value);
  if (value === null || value === undefined) return '';
  if (kind === 'money' || kind === 'percent') return toMoneyInput(Number(value));
  if (kind === 'datetime') return new Date(String(value)).toISOString().slice(0, 16);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

interface Resource {
  kind: PricingKind;
  title: string;
  create: z.ZodType;
  update: z.ZodType;
  fields: FieldDef[];
  summary: (row: Record<string, unknown>) => string;
}

export const RESOURCES: Resource[] = [
  {
    kind: 'coupons',
    title: 'Coupons',
    create: CouponInput,
    update: CouponUpdate,
    fields: [
      { key: 'code', label: 'Code', kind: 'text' },
      { key: 'type', label: 'Type', kind: { options: ['percent', 'fixed'] } },
      { key: 'value', label: 'Value (percent, or amount off)', kind: (d) => (d.type === 'fixed' ? 'money' : 'int') },
      { key: 'minSubtotal', label: 'Minimum subtotal', kind: 'money', optional: true },
      { key: 'startsAt', label: 'Starts (UTC)', kind: 'datetime', optional: true },
      { key: 'endsAt', label: 'Ends (UTC)', kind: 'datetime', optional: true },
      { key: 'usageLimit', label: 'Uses in all', kind: 'int', optional: true },
      { key: 'perCustomerLimit', label: 'Uses per customer', kind: 'int', optional: true },
      { key: 'active', label: 'Active', kind: 'bool' },
    ],
    summary: (r) =>
      `${String(r.code)} — ${r.type === 'percent' ? `${String(r.value)} %` : `${toMoneyInput(Number(r.value))} off`} · used ${String(r.usedCount)}${r.usageLimit ? `/${String(r.usageLimit)}` : ''}${r.active ? '' : ' · inactive'}`,
  },
  {
    kind: 'shipping-methods',
    title: 'Shipping methods',
    create: ShippingMethodInput,
    update: ShippingMethodUpdate,
    fields: [
      { key: 'name', label: 'Name', kind: 'text' },
      { key: 'amount', label: 'Price', kind: 'money' },
      { key: 'freeOver', label: 'Free over', kind: 'money', optional: true },
      { key: 'countries', label: 'Countries (codes, comma-separated; empty = everywhere)', kind: 'list', optional: true },
      { key: 'estimate', label: 'Delivery estimate', kind: 'text', optional: true },
      { key: 'sortOrder', label: 'Sort order', kind: 'int', optional: true },
      { key: 'active', label: 'Active', kind: 'bool' },
    ],
    summary: (r) =>
      `${String(r.name)} — ${toMoneyInput(Number(r.amount))}${r.freeOver !== null ? `, free over ${toMoneyInput(Number(r.freeOver))}` : ''}${r.countries ? ` · ${(r.countries as string[]).join(', ')}` : ''}${r.active ? '' : ' · inactive'}`,
  },
  {
    kind: 'tax-rates',
    title: 'Tax rates',
    create: TaxRateInput,
    update: TaxRateUpdate,
    fields: [
      { key: 'country', label: 'Country code', kind: 'text' },
      { key: 'region', label: 'Region (empty = whole country)', kind: 'text', optional: true },
      { key: 'name', label: 'Name', kind: 'text' },
      { key: 'rateBp', label: 'Rate (%)', kind: 'percent' },
      { key: 'appliesToShipping', label: 'Applies to shipping', kind: 'bool' },
    ],
    summary: (r) =>
      `${String(r.country)}${r.region ? `-${String(r.region)}` : ''} ${String(r.name)} — ${toMoneyInput(Number(r.rateBp))} %${r.appliesToShipping ? ' incl. shipping' : ''}`,
  },
];

const kindOf = (f: FieldDef, d: Draft) => (typeof f.kind === 'function' ? f.kind(d) : f.kind);

/** The request body from the form: empty optional fields are left out on create and cleared (null) on edit. */
export function bodyFrom(resource: Resource, draft: Draft, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of resource.fields) {
    const value = toApi(kindOf(f, draft), draft[f.key] ?? '');
    if (value === null && (!editing || !f.optional)) continue;
    // The tax region is a string, never null: clearing it means the whole country.
    body[f.key] = value === null && f.key === 'region' ? '' : value;
  }
  return body;
}

export default function PricingPage() {
  const [tab, setTab] = useState<PricingKind>('coupons');
  const resource = RESOURCES.find((r) => r.kind === tab)!;
  return (
    <>
      <PageHeader title="Coupons, shipping and tax" />
      <div role="tablist" aria-label="Pricing" className="mb-4 flex gap-2">
        {RESOURCES.map((r) => (
          <button
            key={r.kind}
            role="tab"
            type="button"
            aria-selected={tab === r.kind}
            className={tab === r.kind ? 'btn-primary' : 'btn'}
            onClick={() => setTab(r.kind)}
          >
            {r.title}
          </button>
        ))}
      </div>
      <ResourceSection key={resource.kind} resource={resource} />
    </>
  );
}

function ResourceSection({ resource }: { resource: Resource }) {
  const { data: rows = [] } = usePricingListQuery(resource.kind);
  const [editing, setEditing] = useState<{ id?: string; draft: Draft }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [save, { isLoading }] = useSavePricingMutation();
  const [remove] = useDeletePricingMutation();
  const act = useAction();
  const open = (row?: Record<string, unknown>) => {
    setErrors({});
    const draft: Draft = {};
    for (const f of resource.fields)
      draft[f.key] = row ? toForm(kindOf(f, row as Draft), row[f.key]) : f.kind === 'bool' ? f.key === 'active' : '';
    if (!row && resource.kind === 'coupons') draft.type = 'percent';
    setEditing({ id: row?.id as string | undefined, draft });
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const body = bodyFrom(resource, editing.draft, !!editing.id);
    const parsed = (editing.id ? resource.update : resource.create).safeParse(body);
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ''), i.message])));
    setErrors({});
    if (await act(() => save({ kind: resource.kind, id: editing.id, body: parsed.data as Record<string, unknown> }).unwrap(), 'Saved'))
      setEditing(undefined);
  };
  return (
    <section aria-label={resource.title}>
      <button type="button" className="btn-primary mb-3" onClick={() => open()}>
        New
      </button>
      <ul className="divide-y rounded border">
        {rows.length === 0 && <li className="px-3 py-4 text-sm text-gray-500">None yet.</li>}
        {rows.map((row) => {
          const r = row as unknown as Record<string, unknown>;
          return (
            <li key={String(r.id)} className="flex items-center gap-2 px-3 py-2 text-sm">
              <span>{resource.summary(r)}</span>
              <button type="button" className="btn ml-auto" onClick={() => open(r)}>
                Edit
              </button>
              <button
                type="button"
                className="btn"
                onClick={() =>
                  window.confirm('Delete it?') && act(() => remove({ kind: resource.kind, id: String(r.id) }).unwrap(), 'Deleted')
                }
              >
                Delete
              </button>
            </li>
          );
        })}
      </ul>
      <Dialog
        open={!!editing}
        title={`${editing?.id ? 'Edit' : 'New'} ${resource.title.toLowerCase().replace(/s$/, '')}`}
        onClose={() => setEditing(undefined)}
      >
        {editing && (
          <form onSubmit={submit} noValidate className="grid grid-cols-2 gap-3">
            {resource.fields.map((f) => {
              const kind = kindOf(f, editing.draft);
              const value = editing.draft[f.key];
              const change = (v: string | boolean) => setEditing({ ...editing, draft: { ...editing.draft, [f.key]: v } });
              if (kind === 'bool')
                return (
                  <label key={f.key} className="col-span-2 flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={value === true} onChange={(e) => change(e.target.checked)} />
                    {f.label}
                  </label>
                );
              return (
                <Field key={f.key} label={f.label} error={errors[f.key]}>
                  {typeof kind === 'object' ? (
                    <select className="input" value={String(value)} onChange={(e) => change(e.target.value)}>
                      {kind.options.map((o) => (
                        <option key={o}>{o}</option>
                      ))}
                    </select>
                  ) : (
                    <input
                      className="input"
                      type={kind === 'datetime' ? 'datetime-local' : 'text'}
                      inputMode={kind === 'text' || kind === 'list' ? undefined : 'decimal'}
                      value={String(value)}
                      onChange={(e) => change(e.target.value)}
                    />
                  )}
                </Field>
              );
            })}
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
    </section>
  );
}
