import { formatMoney, type Order } from '@bazaar/shared';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toFriendlyError } from '../../../api/errors';
import { useAppDispatch } from '../../../app/hooks';
import { toast } from '../../../app/ui.slice';
import { useMeQuery } from '../../account/account.api';
import { useShippingMethodsQuery, useStorefrontConfigQuery } from '../../checkout/checkout.api';
import { useAdminOrderQuery, useCreateDraftOrderMutation, useUpdateDraftOrderMutation } from '../admin.api';
import { CancelOrderAction, MarkPaidAction, SendInvoiceAction } from '../orders/OrderActions';
import { Badge, Field, PageHeader, useCan } from '../ui';
import { CustomerField } from './CustomerField';
import { AddressFields } from '../AddressFields';
import { addLine, emptyDraft, fromOrder, toDraftInput, type DraftForm } from './draft-form';
import { VariantPicker } from './VariantPicker';

/** `/admin/draft-orders/new` and `/admin/draft-orders/:id`: build a draft, save it (the server prices it), send or settle it. */
export default function DraftOrderEditorPage() {
  const { id } = useParams();
  const { data: order, error } = useAdminOrderQuery(id ?? '', { skip: !id });
  // The form starts from what the viewer may do (custom prices), so it waits for the signed-in user.
  const { data: me } = useMeQuery();
  if (id && error) return <p role="alert">This draft could not be loaded.</p>;
  if ((id && !order) || !me) return <p>Loading…</p>;
  if (order && order.status !== 'draft')
    return (
      <>
        <PageHeader title={`Order ${order.number}`}>
          <Badge value={order.status} />
        </PageHeader>
        <p>
          This order is no longer a draft, so it cannot be edited.{' '}
          <Link className="underline" to={`/admin/orders/${order.id}`}>
            Open order {order.number}
          </Link>
        </p>
      </>
    );
  // Keyed so that the form starts from the saved draft after creating it.
  return <DraftOrderForm key={order?.id ?? 'new'} draft={order} />;
}

function DraftOrderForm({ draft }: { draft?: Order }) {
  const can = useCan();
  const maySetPrices = can('orders:price-override');
  const [form, setForm] = useState<DraftForm>(() => (draft ? fromOrder(draft, maySetPrices) : emptyDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [dirty, setDirty] = useState(false);
  const { data: shop } = useStorefrontConfigQuery();
  const currency = draft?.totals.total.currency ?? shop?.currency ?? 'USD';
  const country = form.address.country.trim();
  const { data: methods = [] } = useShippingMethodsQuery(country.toUpperCase(), { skip: !/^[A-Za-z]{2}$/.test(country) });
  const [create, createState] = useCreateDraftOrderMutation();
  const [update, updateState] = useUpdateDraftOrderMutation();
  const navigate = useNavigate();
  const dispatch = useAppDispatch();
  const change = (next: (f: DraftForm) => DraftForm) => {
    setForm(next);
    setDirty(true);
  };
  const setLine = (index: number, key: 'quantity' | 'customPrice', value: string) =>
    change((f) => ({ ...f, lines: f.lines.map((l, i) => (i === index ? { ...l, [key]: value } : l)) }));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const result = toDraftInput(form);
    if (!result.ok) return setErrors(result.fields);
    setErrors({});
    try {
      if (draft) {
        await update({ id: draft.id, draft: result.body }).unwrap();
        setDirty(false);
        dispatch(toast('success', 'Draft saved'));
      } else {
        const created = await create(result.body).unwrap();
        dispatch(toast('success', `Draft ${created.number} created`));
        navigate(`/admin/draft-orders/${created.id}`, { replace: true });
      }
    } catch (err) {
      const friendly = toFriendlyError(err);
      setErrors(friendly.fields);
      setFormError(friendly.message);
    }
  };

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/draft-orders" className="underline">
          ← Draft orders
        </Link>
      </p>
      <PageHeader title={draft ? `Draft ${draft.number}` : 'New draft order'}>
        {draft && (
          <>
            {dirty && <span className="text-sm text-gray-600">Save your changes first</span>}
            <SendInvoiceAction order={draft} disabled={dirty} />
            <MarkPaidAction order={draft} disabled={dirty} />
            <CancelOrderAction order={draft} disabled={dirty} />
          </>
        )}
      </PageHeader>
      <form onSubmit={save} noValidate className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <CustomerField
            email={form.email}
            customerId={form.customerId}
            error={errors.email ?? errors.customerId}
            onChange={(c) => change((f) => ({ ...f, ...c }))}
          />

          <section aria-labelledby="draft-lines" className="space-y-3">
            <h2 id="draft-lines" className="text-lg font-semibold">
              Lines
            </h2>
            {form.lines.length > 0 && (
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Lines of the draft</caption>
                <thead className="text-xs uppercase text-gray-600">
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Price</th>
                    <th scope="col">Quantity</th>
                    {maySetPrices && <th scope="col">Custom price ({currency})</th>}
                    <th scope="col">
                      <span className="sr-only">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {form.lines.map((l, i) => (
                    <tr key={`${l.variantId}-${i}`} className="border-t align-top">
                      <td className="py-1">
                        {l.label}
                        <LineError message={errors[`lines.${i}.variantId`]} />
                      </td>
                      <td className="py-1">{formatMoney(l.price)}</td>
                      <td className="py-1">
                        <input
                          type="number"
                          min={1}
                          aria-label={`Quantity of ${l.label}`}
                          className="input w-20"
                          value={l.quantity}
                          onChange={(e) => setLine(i, 'quantity', e.target.value)}
                        />
                        <LineError message={errors[`lines.${i}.quantity`]} />
                      </td>
                      {maySetPrices && (
                        <td className="py-1">
                          <input
                            inputMode="decimal"
                            aria-label={`Custom price of ${l.label}`}
                            placeholder="Catalog price"
                            className="input w-28"
                            value={l.customPrice}
                            onChange={(e) => setLine(i, 'customPrice', e.target.value)}
                          />
                          <LineError message={errors[`lines.${i}.unitPrice`]} />
                        </td>
                      )}
                      <td className="py-1">
                        <button
                          type="button"
                          className="btn"
                          aria-label={`Remove ${l.label}`}
                          onClick={() => change((f) => ({ ...f, lines: f.lines.filter((_, j) => j !== i) }))}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {errors.lines && (
              <p role="alert" className="text-sm text-red-700">
                {errors.lines}
              </p>
            )}
            <p className="text-xs text-gray-600">
              {maySetPrices
                ? 'Leave the custom price empty for the catalog price.'
                : 'Lines are at catalog prices: setting a price needs the orders:price-override permission.'}
            </p>
            <VariantPicker onAdd={(line) => change((f) => ({ ...f, lines: addLine(f.lines, line) }))} />
          </section>

          <fieldset className="grid gap-3 md:grid-cols-2">
            <legend className="mb-2 text-lg font-semibold">Shipping</legend>
            <AddressFields
              value={form.address}
              errors={Object.fromEntries(
                Object.entries(errors)
                  .filter(([k]) => k.startsWith('shippingAddress.'))
                  .map(([k, v]) => [k.slice('shippingAddress.'.length), v]),
              )}
              onChange={(address) => change((f) => ({ ...f, address }))}
            />
            <Field label="Shipping method" error={errors.shippingMethodId}>
              <select
                className="input"
                value={form.shippingMethodId}
                onChange={(e) => change((f) => ({ ...f, shippingMethodId: e.target.value }))}
              >
                <option value="">Choose…</option>
                {methods.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} — {formatMoney(m.price)}
                    {m.freeOver ? ` (free over ${formatMoney(m.freeOver)})` : ''}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>

          <div className="grid gap-3 md:grid-cols-2">
            <Field label={`Discount (${currency}, optional)`} hint="A fixed amount off the goods" error={errors.discount}>
              <input
                inputMode="decimal"
                className="input"
                value={form.discount}
                onChange={(e) => change((f) => ({ ...f, discount: e.target.value }))}
              />
            </Field>
            <Field label="Note (staff only)" error={errors.note}>
              <textarea
                className="input"
                maxLength={1000}
                value={form.note}
                onChange={(e) => change((f) => ({ ...f, note: e.target.value }))}
              />
            </Field>
          </div>
        </div>

        <aside className="space-y-3">
          <DraftTotals draft={draft} stale={dirty} />
          {formError && (
            <p role="alert" className="text-sm text-red-700">
              {formError}
            </p>
          )}
          <button type="submit" className="btn-primary w-full" disabled={createState.isLoading || updateState.isLoading}>
            {draft ? 'Save draft' : 'Create draft'}
          </button>
        </aside>
      </form>
    </>
  );
}

function LineError({ message }: { message?: string }) {
  return message ? (
    <span role="alert" className="block text-xs text-red-700">
      {message}
    </span>
  ) : null;
}

/** The totals as the server priced the saved draft (catalog or custom prices, discount, shipping, tax). */
function DraftTotals({ draft, stale }: { draft?: Order; stale: boolean }) {
  if (!draft)
    return <p className="text-sm text-gray-600">Save the draft to see its totals: the shop prices the lines, shipping and tax.</p>;
  return (
    <section aria-labelledby="draft-totals" className="rounded border p-3 text-sm">
      <h2 id="draft-totals" className="mb-2 font-semibold">
        Totals
      </h2>
      {stale && <p className="mb-2 text-xs text-gray-600">As last saved.</p>}
      <dl className="grid grid-cols-2 gap-1" data-testid="draft-totals">
        {(['subtotal', 'discount', 'shipping', 'tax', 'total'] as const).map((k) => (
          <div key={k} className="contents">
            <dt className="capitalize">{k}</dt>
            <dd className="text-right">
              {k === 'discount' && draft.totals.discount.amount > 0 ? '−' : ''}
              {formatMoney(draft.totals[k])}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
