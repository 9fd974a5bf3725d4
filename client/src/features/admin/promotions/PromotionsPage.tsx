import {
  PromotionCodesInput,
  PromotionInput,
  PromotionUpdate,
  formatMoney,
  type AdminPromotion,
  type PromotionAction,
  type PromotionPreview,
} from '@bazaar/shared';
import { useState } from 'react';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { useStorefrontConfigQuery } from '../../checkout/checkout.api';
import { DataTable, Dialog, Field, PageHeader, Pager, formatDateTime, useAction, useCan } from '../ui';
import {
  useAddPromotionCodesMutation,
  useDeletePromotionMutation,
  usePreviewPromotionMutation,
  usePromotionCodesQuery,
  usePromotionReportQuery,
  usePromotionsQuery,
  useSavePromotionMutation,
} from './promotions.api';

type ActionType = PromotionAction['type'];
type OffKind = 'percent' | 'fixed';

/** The editor's fields as typed: amounts as decimals, lists comma-separated, tiers one per line. */
export interface PromotionDraft {
  name: string;
  description: string;
  automatic: boolean;
  exclusive: boolean;
  active: boolean;
  priority: string;
  startsAt: string;
  endsAt: string;
  usageLimit: string;
  budgetAmount: string;
  perCustomerLimit: string;
  minSubtotal: string;
  minQuantity: string;
  productIds: string;
  variantIds: string;
  categoryIds: string;
  customerGroupIds: string;
  markets: string;
  firstOrder: boolean;
  signedIn: boolean;
  actionType: ActionType;
  offKind: OffKind;
  offValue: string;
  buy: string;
  get: string;
  percent: string;
  maxApplications: string;
  getProductIds: string;
  getCategoryIds: string;
  tiers: string;
  shippingMethodIds: string;
}

export const emptyPromotionDraft: PromotionDraft = {
  name: '',
  description: '',
  automatic: true,
  exclusive: false,
  active: true,
  priority: '0',
  startsAt: '',
  endsAt: '',
  usageLimit: '',
  budgetAmount: '',
  perCustomerLimit: '',
  minSubtotal: '',
  minQuantity: '',
  productIds: '',
  variantIds: '',
  categoryIds: '',
  customerGroupIds: '',
  markets: '',
  firstOrder: false,
  signedIn: false,
  actionType: 'order',
  offKind: 'percent',
  offValue: '',
  buy: '2',
  get: '1',
  percent: '100',
  maxApplications: '',
  getProductIds: '',
  getCategoryIds: '',
  tiers: '',
  shippingMethodIds: '',
};

const ACTION_LABELS: Record<ActionType, string> = {
  order: 'Off the order',
  lines: 'Off each qualifying item',
  buy_x_get_y: 'Buy X get Y',
  tiered: 'Tiered (spend more, save more)',
  free_shipping: 'Free shipping',
};

const list = (text: string) => {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
};
const int = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));
/** A typed amount in minor units; NaN (refused by the schema) when it is not an amount. */
const money = (text: string) => (text.trim() === '' ? undefined : (parseMoneyInput(text) ?? Number.NaN));
const off = (kind: OffKind, value: string) => ({
  kind,
  value: kind === 'percent' ? (int(value) ?? Number.NaN) : (money(value) ?? Number.NaN),
});

/** Tiers typed as "100.00: 10.00" (amount off) or "200.00: 15%" (percent off), one per line. */
function parseTiers(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [threshold = '', value = ''] = l.split(':').map((s) => s.trim());
      const percent = value.endsWith('%');
      return { minSubtotal: money(threshold) ?? Number.NaN, off: off(percent ? 'percent' : 'fixed', percent ? value.slice(0, -1) : value) };
    });
}

const localMoment = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
const isoMoment = (local: string) => (local ? new Date(`${local}:00.000Z`).toISOString() : null);

/** The draft as the API's body (validated by the shared schema before it is sent). */
export function draftToBody(d: PromotionDraft): Record<string, unknown> {
  const conditions = Object.fromEntries(
    Object.entries({
      minSubtotal: money(d.minSubtotal),
      minQuantity: int(d.minQuantity),
      productIds: list(d.productIds),
      variantIds: list(d.variantIds),
      categoryIds: list(d.categoryIds),
      customerGroupIds: list(d.customerGroupIds),
      markets: list(d.markets),
      firstOrder: d.firstOrder || undefined,
      signedIn: d.signedIn || undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const action = (() => {
    switch (d.actionType) {
      case 'order':
      case 'lines':
        return { type: d.actionType, off: off(d.offKind, d.offValue) };
      case 'buy_x_get_y':
        return {
          type: 'buy_x_get_y',
          buy: int(d.buy),
          get: int(d.get),
          percent: int(d.percent),
          ...(int(d.maxApplications) !== undefined ? { maxApplications: int(d.maxApplications) } : {}),
          ...(list(d.getProductIds) ? { getProductIds: list(d.getProductIds) } : {}),
          ...(list(d.getCategoryIds) ? { getCategoryIds: list(d.getCategoryIds) } : {}),
        };
      case 'tiered':
        return { type: 'tiered', tiers: parseTiers(d.tiers) };
      case 'free_shipping':
        return { type: 'free_shipping', ...(list(d.shippingMethodIds) ? { shippingMethodIds: list(d.shippingMethodIds) } : {}) };
    }
  })();
  return {
    name: d.name,
    description: d.description.trim() || null,
    automatic: d.automatic,
    exclusive: d.exclusive,
    active: d.active,
    priority: int(d.priority) ?? 0,
    startsAt: isoMoment(d.startsAt),
    endsAt: isoMoment(d.endsAt),
    usageLimit: int(d.usageLimit) ?? null,
    budgetAmount: money(d.budgetAmount) ?? null,
    perCustomerLimit: int(d.perCustomerLimit) ?? null,
    conditions,
    action,
  };
}

const amountText = (o: { kind: OffKind; value: number }) => (o.kind === 'percent' ? `${o.value}%` : toMoneyInput(o.value));

/** A saved promotion back in the editor's fields. */
export function promotionToDraft(p: AdminPromotion): PromotionDraft {
  const c = p.conditions;
  const a = p.action;
  const join = (ids?: string[]) => (ids ?? []).join(', ');
  return {
    ...emptyPromotionDraft,
    name: p.name,
    description: p.description ?? '',
    automatic: p.automatic,
    exclusive: p.exclusive,
    active: p.active,
    priority: String(p.priority),
    startsAt: localMoment(p.startsAt),
    endsAt: localMoment(p.endsAt),
    usageLimit: p.usageLimit === null ? '' : String(p.usageLimit),
    budgetAmount: p.budgetAmount === null ? '' : toMoneyInput(p.budgetAmount),
    perCustomerLimit: p.perCustomerLimit === null ? '' : String(p.perCustomerLimit),
    minSubtotal: c.minSubtotal === undefined ? '' : toMoneyInput(c.minSubtotal),
    minQuantity: c.minQuantity === undefined ? '' : String(c.minQuantity),
    productIds: join(c.productIds),
    variantIds: join(c.variantIds),
    categoryIds: join(c.categoryIds),
    customerGroupIds: join(c.customerGroupIds),
    markets: join(c.markets),
    firstOrder: Boolean(c.firstOrder),
    signedIn: Boolean(c.signedIn),
    actionType: a.type,
    ...(a.type === 'order' || a.type === 'lines'
      ? { offKind: a.off.kind, offValue: a.off.kind === 'percent' ? String(a.off.value) : toMoneyInput(a.off.value) }
      : {}),
    ...(a.type === 'buy_x_get_y'
      ? {
          buy: String(a.buy),
          get: String(a.get),
          percent: String(a.percent),
          maxApplications: a.maxApplications ? String(a.maxApplications) : '',
          getProductIds: join(a.getProductIds),
          getCategoryIds: join(a.getCategoryIds),
        }
      : {}),
    ...(a.type === 'tiered' ? { tiers: a.tiers.map((t) => `${toMoneyInput(t.minSubtotal)}: ${amountText(t.off)}`).join('\n') } : {}),
    ...(a.type === 'free_shipping' ? { shippingMethodIds: join(a.shippingMethodIds) } : {}),
  };
}

/** One line on what the promotion gives. */
export function describeAction(a: PromotionAction, currency: string): string {
  const m = (amount: number) => formatMoney({ amount, currency });
  const offText = (o: { kind: OffKind; value: number }) => (o.kind === 'percent' ? `${o.value}% off` : `${m(o.value)} off`);
  switch (a.type) {
    case 'order':
      return `${offText(a.off)} the order`;
    case 'lines':
      return `${offText(a.off)} each qualifying item`;
    case 'buy_x_get_y':
      return `Buy ${a.buy}, get ${a.get} ${a.percent === 100 ? 'free' : `${a.percent}% off`}${a.maxApplications ? ` (at most ${a.maxApplications}×)` : ''}`;
    case 'tiered':
      return a.tiers.map((t) => `spend ${m(t.minSubtotal)}: ${offText(t.off)}`).join('; ');
    case 'free_shipping':
      return a.shippingMethodIds ? 'Free shipping on chosen methods' : 'Free shipping';
  }
}

/** Promotions: automatic ones and ones behind codes, with their limits, codes, a preview on a sample cart, and a report. */
export default function PromotionsPage() {
  const { data: promotions = [] } = usePromotionsQuery();
  const { data: shop } = useStorefrontConfigQuery();
  const currency = shop?.currency ?? 'USD';
  const [editing, setEditing] = useState<{ id?: string; draft: PromotionDraft }>();
  const [codesOf, setCodesOf] = useState<AdminPromotion>();
  const [reportOf, setReportOf] = useState<AdminPromotion>();
  const [remove] = useDeletePromotionMutation();
  const act = useAction();
  const can = useCan();
  const m = (amount: number) => formatMoney({ amount, currency });

  return (
    <>
      <PageHeader title="Promotions">
        <button type="button" className="btn-primary" onClick={() => setEditing({ draft: emptyPromotionDraft })}>
          New promotion
        </button>
      </PageHeader>
      <DataTable
        caption="Promotions"
        rows={promotions}
        rowKey={(p) => p.id}
        empty="No promotions yet."
        columns={[
          {
            header: 'Promotion',
            cell: (p) => (
              <>
                <div className="font-medium">{p.name}</div>
                <div className="text-xs text-gray-600">
                  {p.automatic ? 'Automatic' : `${p.codeCount} code${p.codeCount === 1 ? '' : 's'}`} · priority {p.priority}
                  {p.exclusive ? ' · exclusive' : ' · combinable'}
                  {p.active ? '' : ' · inactive'}
                </div>
              </>
            ),
          },
          { header: 'Gives', cell: (p) => describeAction(p.action, currency) },
          {
            header: 'Used',
            cell: (p) => (
              <>
                {p.uses}
                {p.usageLimit !== null && ` / ${p.usageLimit}`} · {m(p.discountGiven)}
                {p.budgetAmount !== null && ` of ${m(p.budgetAmount)}`}
              </>
            ),
          },
          {
            header: 'Actions',
            cell: (p) => (
              <div className="flex flex-wrap gap-2">
                <button type="button" className="btn" onClick={() => setEditing({ id: p.id, draft: promotionToDraft(p) })}>
                  Edit
                </button>
                {!p.automatic && (
                  <button type="button" className="btn" onClick={() => setCodesOf(p)}>
                    Codes
                  </button>
                )}
                {can('reports:read') && (
                  <button type="button" className="btn" onClick={() => setReportOf(p)}>
                    Report
                  </button>
                )}
                <button
                  type="button"
                  className="btn"
                  onClick={() => window.confirm(`Delete ${p.name}?`) && act(() => remove(p.id).unwrap(), 'Deleted')}
                >
                  Delete
                </button>
              </div>
            ),
          },
        ]}
      />
      <Dialog open={!!editing} title={editing?.id ? 'Edit promotion' : 'New promotion'} onClose={() => setEditing(undefined)}>
        {editing && <PromotionEditor id={editing.id} initial={editing.draft} currency={currency} onDone={() => setEditing(undefined)} />}
      </Dialog>
      <Dialog open={!!codesOf} title={`Codes of ${codesOf?.name ?? ''}`} onClose={() => setCodesOf(undefined)}>
        {codesOf && <PromotionCodes promotion={codesOf} />}
      </Dialog>
      <Dialog open={!!reportOf} title={`Report: ${reportOf?.name ?? ''}`} onClose={() => setReportOf(undefined)}>
        {reportOf && <PromotionReportView id={reportOf.id} />}
      </Dialog>
    </>
  );
}

function PromotionEditor({
  id,
  initial,
  currency,
  onDone,
}: {
  id?: string;
  initial: PromotionDraft;
  currency: string;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sample, setSample] = useState('');
  const [preview, setPreview] = useState<PromotionPreview>();
  const [save, { isLoading }] = useSavePromotionMutation();
  const [runPreview] = usePreviewPromotionMutation();
  const act = useAction();
  const set = <K extends keyof PromotionDraft>(key: K, value: PromotionDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const validated = () => {
    const parsed = (id ? PromotionUpdate : PromotionInput).safeParse(draftToBody(draft));
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          parsed.error.issues.map((i) => [
            i.path.join('.'),
            /received NaN/.test(i.message) ? 'Type an amount like 12.50 (or a whole number)' : i.message,
          ]),
        ),
      );
      return undefined;
    }
    setErrors({});
    return parsed.data;
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const body = validated();
    if (body && (await act(() => save({ id, body }).unwrap(), 'Saved'))) onDone();
  };
  const tryIt = async () => {
    const body = validated();
    const lines = sample
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [variantId = '', quantity = '1'] = l.split(/\s*[x×]\s*|\s+/);
        return { variantId, quantity: Number(quantity) || 1 };
      });
    if (!body || !lines.length)
      return setErrors((e) => ({ ...e, sample: lines.length ? '' : 'Add a variant id per line, e.g. “<id> x 2”' }));
    const result = await act(() => runPreview({ promotion: PromotionInput.parse(draftToBody(draft)), lines }).unwrap());
    if (result) setPreview(result);
  };
  const error = (path: string) => Object.entries(errors).find(([k]) => k === path || k.startsWith(`${path}.`))?.[1];
  const text = (key: keyof PromotionDraft, label: string, hint?: string, errorPath: string = key) => (
    <Field label={label} error={error(errorPath)} hint={hint}>
      <input className="input" value={String(draft[key])} onChange={(e) => set(key, e.target.value as never)} />
    </Field>
  );
  const check = (key: keyof PromotionDraft, label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={draft[key] === true} onChange={(e) => set(key, e.target.checked as never)} /> {label}
    </label>
  );
  const a = draft.actionType;

  return (
    <form onSubmit={submit} noValidate className="grid max-h-[75vh] grid-cols-2 gap-3 overflow-y-auto">
      {text('name', 'Name')}
      {text('description', 'Description')}
      <div className="col-span-2 flex flex-wrap gap-4">
        {check('automatic', 'Automatic (no code needed)')}
        {check('exclusive', 'Exclusive (applies alone)')}
        {check('active', 'Active')}
      </div>
      {text('priority', 'Priority', 'Higher applies first')}
      {text('usageLimit', 'Total uses', 'Empty: no limit')}
      {text('budgetAmount', `Budget (${currency})`, 'Total discount it may give')}
      {text('perCustomerLimit', 'Uses per customer')}
      <Field label="Starts (UTC)" error={error('startsAt')}>
        <input type="datetime-local" className="input" value={draft.startsAt} onChange={(e) => set('startsAt', e.target.value)} />
      </Field>
      <Field label="Ends (UTC)" error={error('endsAt')}>
        <input type="datetime-local" className="input" value={draft.endsAt} onChange={(e) => set('endsAt', e.target.value)} />
      </Field>

      <h3 className="col-span-2 mt-2 font-semibold">Conditions</h3>
      {text('minSubtotal', `Minimum subtotal (${currency})`, undefined, 'conditions.minSubtotal')}
      {text('minQuantity', 'Minimum qualifying items', undefined, 'conditions.minQuantity')}
      {text('productIds', 'Products (ids)', 'Qualifying items; empty: every item', 'conditions.productIds')}
      {text('variantIds', 'Variants (ids)', undefined, 'conditions.variantIds')}
      {text('categoryIds', 'Categories (ids)', undefined, 'conditions.categoryIds')}
      {text('customerGroupIds', 'Customer groups (ids)', undefined, 'conditions.customerGroupIds')}
      {text('markets', 'Markets (codes)', undefined, 'conditions.markets')}
      <div className="flex flex-col gap-2">
        {check('signedIn', 'Signed-in shoppers only')}
        {check('firstOrder', 'First order only')}
      </div>

      <h3 className="col-span-2 mt-2 font-semibold">What it gives</h3>
      <Field label="Action" error={error('action')}>
        <select className="input" value={a} onChange={(e) => set('actionType', e.target.value as ActionType)}>
          {Object.entries(ACTION_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {(a === 'order' || a === 'lines') && (
        <>
          <Field label="Kind">
            <select className="input" value={draft.offKind} onChange={(e) => set('offKind', e.target.value as OffKind)}>
              <option value="percent">Percent off</option>
              <option value="fixed">Amount off{a === 'lines' ? ' each item' : ''}</option>
            </select>
          </Field>
          {text('offValue', draft.offKind === 'percent' ? 'Percent' : `Amount (${currency})`, undefined, 'action.off')}
        </>
      )}
      {a === 'buy_x_get_y' && (
        <>
          {text('buy', 'Buy', undefined, 'action.buy')}
          {text('get', 'Get', undefined, 'action.get')}
          {text('percent', 'Percent off what they get', '100: free', 'action.percent')}
          {text('maxApplications', 'At most (times)', undefined, 'action.maxApplications')}
          {text('getProductIds', 'Get products (ids)', 'Empty: the qualifying items', 'action.getProductIds')}
          {text('getCategoryIds', 'Get categories (ids)', undefined, 'action.getCategoryIds')}
        </>
      )}
      {a === 'tiered' && (
        <div className="col-span-2">
          <Field label="Tiers" error={error('action.tiers')} hint="One per line: “100.00: 10.00” or “200.00: 15%”">
            <textarea className="input" rows={3} value={draft.tiers} onChange={(e) => set('tiers', e.target.value)} />
          </Field>
        </div>
      )}
      {a === 'free_shipping' && text('shippingMethodIds', 'Shipping methods (ids)', 'Empty: every method', 'action.shippingMethodIds')}

      <h3 className="col-span-2 mt-2 font-semibold">Preview on a sample cart</h3>
      <div className="col-span-2">
        <Field label="Sample cart" error={errors.sample} hint="A variant id and a quantity per line: “<id> x 2”">
          <textarea className="input" rows={2} value={sample} onChange={(e) => setSample(e.target.value)} />
        </Field>
        <button type="button" className="btn mt-2" onClick={tryIt}>
          Preview
        </button>
        {preview && (
          <div className="mt-2 rounded border p-2 text-sm" aria-label="Preview" role="region">
            <p className="font-medium">
              {preview.applies
                ? `Takes ${formatMoney(preview.discount)} off ${formatMoney(preview.subtotal)}${preview.freeShipping ? ', ships free' : ''}`
                : `Does not apply: ${preview.reason ?? ''}`}
            </p>
            <ul>
              {preview.lines.map((l, i) => (
                <li key={i}>
                  {l.title} × {l.quantity}: {formatMoney(l.lineTotal)}
                  {l.discount.amount > 0 && ` − ${formatMoney(l.discount)}`}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="col-span-2 flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={isLoading}>
          Save
        </button>
      </div>
    </form>
  );
}

function PromotionCodes({ promotion }: { promotion: AdminPromotion }) {
  const [page, setPage] = useState(1);
  const { data } = usePromotionCodesQuery({ id: promotion.id, page });
  const [add] = useAddPromotionCodesMutation();
  const [form, setForm] = useState({ count: '10', prefix: '', codes: '', singleUse: true });
  const [error, setError] = useState<string>();
  const act = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const typed = list(form.codes.toUpperCase());
    const parsed = PromotionCodesInput.safeParse({
      ...(typed ? { codes: typed } : { count: Number(form.count), prefix: form.prefix || undefined }),
      usageLimit: form.singleUse ? 1 : null,
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    await act(() => add({ id: promotion.id, body: parsed.data }).unwrap(), 'Codes added');
  };
  return (
    <div className="grid gap-3">
      <form onSubmit={submit} noValidate className="grid grid-cols-2 gap-2">
        <Field label="Generate how many" error={error}>
          <input className="input" value={form.count} onChange={(e) => setForm({ ...form, count: e.target.value })} />
        </Field>
        <Field label="Prefix">
          <input className="input" value={form.prefix} onChange={(e) => setForm({ ...form, prefix: e.target.value })} />
        </Field>
        <div className="col-span-2">
          <Field label="Or these codes" hint="Comma-separated; instead of generating">
            <input className="input" value={form.codes} onChange={(e) => setForm({ ...form, codes: e.target.value })} />
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.singleUse} onChange={(e) => setForm({ ...form, singleUse: e.target.checked })} /> Single-use
        </label>
        <button type="submit" className="btn-primary">
          Add codes
        </button>
      </form>
      <ul aria-label="Codes" className="max-h-64 divide-y overflow-y-auto rounded border text-sm">
        {data?.items.map((c) => (
          <li key={c.code} className="flex justify-between px-2 py-1 font-mono">
            <span>{c.code}</span>
            <span>
              used {c.uses}
              {c.usageLimit !== null && ` / ${c.usageLimit}`}
            </span>
          </li>
        ))}
      </ul>
      {data && data.total > data.limit && <Pager page={page} limit={data.limit} total={data.total} onPage={setPage} />}
    </div>
  );
}

function PromotionReportView({ id }: { id: string }) {
  const { data } = usePromotionReportQuery(id);
  if (!data) return <p>Loading…</p>;
  return (
    <div className="grid gap-3 text-sm">
      <p>
        {data.uses} use{data.uses === 1 ? '' : 's'} on {data.orders} order{data.orders === 1 ? '' : 's'} · {formatMoney(data.discountGiven)}{' '}
        given
      </p>
      <DataTable
        caption="Uses per day"
        rows={data.days}
        rowKey={(d) => d.date}
        empty="Not used yet."
        columns={[
          { header: 'Day', cell: (d) => d.date },
          { header: 'Uses', cell: (d) => d.uses },
          { header: 'Discount', cell: (d) => formatMoney({ amount: d.discount, currency: data.discountGiven.currency }) },
        ]}
      />
      {data.codes.length > 0 && (
        <DataTable
          caption="Uses per code"
          rows={data.codes}
          rowKey={(c) => c.code}
          columns={[
            { header: 'Code', cell: (c) => <span className="font-mono">{c.code}</span> },
            { header: 'Uses', cell: (c) => c.uses },
          ]}
        />
      )}
      <p className="text-xs text-gray-500">Report as of {formatDateTime(new Date().toISOString())}; amounts in the base currency.</p>
    </div>
  );
}
