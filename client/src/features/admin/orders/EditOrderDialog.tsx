import { AddressInput, formatMoney, type Money, type Order, type OrderEditInput, type OrderEditPreview, type Totals } from '@bazaar/shared';
import { useState } from 'react';
import { toFriendlyError } from '../../../api/errors';
import { useAppDispatch } from '../../../app/hooks';
import { toast } from '../../../app/ui.slice';
import { parseMoneyInput } from '../../../components/format';
import { useShippingMethodsQuery } from '../../checkout/checkout.api';
import { AddressFields, addressBody, addressDraft, addressLabel, addressLine, type AddressDraft } from '../AddressFields';
import { Dialog, Field } from '../ui';
import { useEditOrderMutation, usePreviewOrderEditMutation } from './orderEdit.api';
import { VariantPicker, type PickedVariant } from './VariantPicker';

type RefundTo = OrderEditInput['refundTo'];

/** What staff have typed into the edit form, before it becomes a request. */
export interface EditDraft {
  /** New quantities of the order's lines, as typed, by item id (a line left out keeps its quantity). */
  quantities: Record<string, string>;
  additions: PickedVariant[];
  /** A new shipping address as typed; undefined keeps the order's. */
  address?: AddressDraft;
  /** '' keeps the order's shipping method. */
  shippingMethodId: string;
  /** An extra fixed discount in currency units ("5.00"); '' for none. */
  discountText: string;
  refundTo: RefundTo;
  note: string;
}

export const emptyDraft = (): EditDraft => ({
  quantities: {},
  additions: [],
  shippingMethodId: '',
  discountText: '',
  refundTo: 'original',
  note: '',
});

/** The request the draft makes (only what changes), or why it cannot be sent yet. */
export function planOrderEdit(order: Order, draft: EditDraft): { edit: OrderEditInput } | { error: string } {
  const lines: OrderEditInput['lines'] = [];
  for (const item of order.items) {
    const text = draft.quantities[item.id]?.trim();
    if (text === undefined) continue;
    if (!/^\d+$/.test(text)) return { error: `Enter a whole number of ${item.sku} (0 removes the line)` };
    const quantity = Number(text);
    if (quantity < item.refundedQuantity)
      return { error: `${item.sku} cannot go below ${item.refundedQuantity}: that many were refunded already` };
    if (quantity !== item.quantity) lines.push({ itemId: item.id, quantity });
  }
  const add = draft.additions.map((a) => ({ variantId: a.variantId, quantity: a.quantity }));
  let discount: number | undefined;
  if (draft.discountText.trim()) {
    discount = parseMoneyInput(draft.discountText);
    if (discount === undefined) return { error: 'Enter the extra discount like 5.00' };
  }
  const shippingMethodId =
    draft.shippingMethodId && draft.shippingMethodId !== order.shippingMethod.id ? draft.shippingMethodId : undefined;
  let shippingAddress: OrderEditInput['shippingAddress'];
  if (draft.address) {
    // The schema the server checks the address with; the phone the order had stays.
    const parsed = AddressInput.safeParse({
      ...addressBody(draft.address),
      ...(order.shippingAddress.phone ? { phone: order.shippingAddress.phone } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { error: `New address, ${addressLabel(String(issue.path[0]))}: ${issue.message}` };
    }
    if (addressLine(parsed.data) !== addressLine(order.shippingAddress)) shippingAddress = parsed.data;
  }
  if (!lines.length && !add.length && !shippingAddress && !shippingMethodId && !discount)
    return { error: 'Change a quantity, add a product, change the address or the shipping method, or give a discount first.' };
  const note = draft.note.trim();
  return {
    edit: {
      lines,
      add,
      ...(shippingAddress ? { shippingAddress } : {}),
      ...(shippingMethodId ? { shippingMethodId } : {}),
      ...(discount ? { discount } : {}),
      // Store credit belongs to an account: a guest order can only be paid back to its payment.
      refundTo: order.customerId ? draft.refundTo : 'original',
      ...(note ? { note } : {}),
    },
  };
}

/** What the difference means for the customer, in words. */
export function differenceText(difference: Money, refundTo: RefundTo): string {
  const amount = formatMoney({ ...difference, amount: Math.abs(difference.amount) });
  if (difference.amount < 0)
    return refundTo === 'store_credit'
      ? `${amount} will be added to the customer's store credit`
      : `${amount} will be refunded to the original payment`;
  if (difference.amount > 0) return `The customer will be asked to pay ${amount}`;
  return 'The total does not change';
}

/** The server's message and what it says of each field, in one sentence for the dialog. */
const errorText = (err: unknown) => {
  const friendly = toFriendlyError(err);
  return [friendly.message, ...Object.values(friendly.fields)].join(' ');
};

const TOTAL_ROWS: [keyof Totals, string][] = [
  ['subtotal', 'Subtotal'],
  ['discount', 'Discount'],
  ['shipping', 'Shipping'],
  ['tax', 'Tax'],
  ['total', 'Total'],
];

function PreviewStep({ preview, edit, methodName }: { preview: OrderEditPreview; edit: OrderEditInput; methodName?: string }) {
  const changed = preview.lines.filter((l) => l.quantity !== l.from);
  return (
    <div className="space-y-3 text-sm" data-testid="edit-preview">
      {edit.shippingAddress && <p data-testid="edit-ships-to">Ships to {addressLine(edit.shippingAddress)}</p>}
      {methodName && <p data-testid="edit-method">Shipping method: {methodName}</p>}
      {changed.length > 0 && (
        <ul aria-label="Changed lines">
          {changed.map((l, n) => (
            <li key={`${l.sku}-${n}`}>
              {l.title}
              {l.variantTitle && ` — ${l.variantTitle}`} <code>{l.sku}</code>: {l.from} → {l.quantity} at {formatMoney(l.unitPrice)}
            </li>
          ))}
        </ul>
      )}
      <table className="w-full text-left">
        <caption className="sr-only">Totals before and after the edit</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="text-right">
              Before
            </th>
            <th scope="col" className="text-right">
              After
            </th>
          </tr>
        </thead>
        <tbody>
          {TOTAL_ROWS.map(([key, label]) => (
            <tr key={key} className={key === 'total' ? 'font-semibold' : ''}>
              <th scope="row">{label}</th>
              <td className="text-right">{formatMoney(preview.before[key])}</td>
              <td className="text-right">{formatMoney(preview.after[key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="font-medium" data-testid="edit-difference">
        {differenceText(preview.difference, edit.refundTo)}.
      </p>
    </div>
  );
}

export function EditOrderDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const [draft, setDraft] = useState<EditDraft>(emptyDraft);
  const [previewed, setPreviewed] = useState<{ edit: OrderEditInput; preview: OrderEditPreview }>();
  const [error, setError] = useState<string>();
  const [preview, previewState] = usePreviewOrderEditMutation();
  const [confirm, confirmState] = useEditOrderMutation();
  // The methods that deliver where the order will go (the new address's country once it is one).
  const typedCountry = draft.address?.country.trim() ?? '';
  const country = /^[A-Za-z]{2}$/.test(typedCountry) ? typedCountry.toUpperCase() : order.shippingAddress.country;
  const { data: methods = [] } = useShippingMethodsQuery(country);
  const dispatch = useAppDispatch();
  const plan = planOrderEdit(order, draft);
  const guest = !order.customerId;
  const set = (changes: Partial<EditDraft>) => setDraft((d) => ({ ...d, ...changes }));

  const runPreview = async () => {
    if (!('edit' in plan)) return;
    setError(undefined);
    try {
      setPreviewed({ edit: plan.edit, preview: await preview({ id: order.id, edit: plan.edit }).unwrap() });
    } catch (err) {
      setError(errorText(err));
    }
  };
  const runConfirm = async () => {
    if (!previewed) return;
    setError(undefined);
    try {
      // Exactly what was previewed is applied; the server prices it again as it does so.
      await confirm({ id: order.id, edit: previewed.edit }).unwrap();
      dispatch(toast('success', `Order ${order.number} edited`));
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Dialog open title={`Edit order ${order.number}`} onClose={onClose}>
      {previewed ? (
        <>
          <PreviewStep
            preview={previewed.preview}
            edit={previewed.edit}
            methodName={methods.find((m) => m.id === previewed.edit.shippingMethodId)?.name}
          />
          {error && (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" className="btn" onClick={() => (setPreviewed(undefined), setError(undefined))}>
              Change
            </button>
            <button type="button" className="btn-primary" disabled={confirmState.isLoading} onClick={runConfirm}>
              Confirm
            </button>
          </div>
        </>
      ) : (
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void runPreview();
          }}
        >
          <fieldset className="space-y-2 text-sm">
            <legend className="font-medium">Quantities (0 removes a line)</legend>
            {order.items.map((i) => (
              <div key={i.id} className="flex items-center justify-between gap-2">
                <span>
                  {i.title}
                  {i.variantTitle && ` — ${i.variantTitle}`} <code className="text-gray-500">{i.sku}</code>
                  {i.refundedQuantity > 0 && <span className="text-purple-700"> (at least {i.refundedQuantity}: refunded)</span>}
                </span>
                <input
                  className="input w-20"
                  inputMode="numeric"
                  aria-label={`Quantity of ${i.sku}`}
                  value={draft.quantities[i.id] ?? String(i.quantity)}
                  onChange={(e) => set({ quantities: { ...draft.quantities, [i.id]: e.target.value } })}
                />
              </div>
            ))}
            {draft.additions.map((a, n) => (
              <div key={a.variantId} className="flex items-center justify-between gap-2" data-testid="added-line">
                <span>
                  Add {a.quantity} × {a.label} <code className="text-gray-500">{a.sku}</code> at {formatMoney(a.unitPrice)}
                </span>
                <button
                  type="button"
                  className="btn"
                  aria-label={`Do not add ${a.sku}`}
                  onClick={() => set({ additions: draft.additions.filter((_, k) => k !== n) })}
                >
                  Remove
                </button>
              </div>
            ))}
          </fieldset>
          <VariantPicker
            onPick={(picked) => {
              const same = draft.additions.find((a) => a.variantId === picked.variantId);
              set({
                additions: same
                  ? draft.additions.map((a) => (a === same ? { ...a, quantity: a.quantity + picked.quantity } : a))
                  : [...draft.additions, picked],
              });
            }}
          />
          <fieldset className="space-y-2 text-sm">
            <legend className="font-medium">Shipping address</legend>
            {draft.address ? (
              <>
                <AddressFields value={draft.address} onChange={(address) => set({ address })} />
                <button type="button" className="btn" onClick={() => set({ address: undefined })}>
                  Keep the address
                </button>
              </>
            ) : (
              <p className="flex items-center justify-between gap-2">
                <span data-testid="edit-address">{addressLine(order.shippingAddress)}</span>
                <button type="button" className="btn" onClick={() => set({ address: addressDraft(order.shippingAddress) })}>
                  Change the address
                </button>
              </p>
            )}
          </fieldset>
          <Field label="Shipping method">
            <select className="input" value={draft.shippingMethodId} onChange={(e) => set({ shippingMethodId: e.target.value })}>
              <option value="">Keep {order.shippingMethod.name}</option>
              {methods
                .filter((m) => m.id !== order.shippingMethod.id)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} · {formatMoney(m.price)}
                  </option>
                ))}
            </select>
          </Field>
          <Field label={`Extra discount (${order.totals.total.currency}, optional)`} hint="A fixed amount off the order, for example 5.00">
            <input
              className="input"
              inputMode="decimal"
              value={draft.discountText}
              onChange={(e) => set({ discountText: e.target.value })}
            />
          </Field>
          <fieldset className="space-y-1 text-sm">
            <legend className="font-medium">If the total goes down, pay the difference back to</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="refundTo" checked={draft.refundTo === 'original'} onChange={() => set({ refundTo: 'original' })} />
              Original payment
            </label>
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="refundTo"
                checked={draft.refundTo === 'store_credit'}
                disabled={guest}
                aria-describedby={guest ? 'edit-refund-guest' : undefined}
                onChange={() => set({ refundTo: 'store_credit' })}
              />
              Store credit
            </label>
            {guest && (
              <p id="edit-refund-guest" className="text-xs text-gray-600">
                A guest order has no customer account to hold store credit.
              </p>
            )}
          </fieldset>
          <Field label="Note (shown in the order timeline)">
            <input className="input" maxLength={500} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
          </Field>
          {'error' in plan && <p className="text-xs text-gray-600">{plan.error}</p>}
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={onClose}>
              Back
            </button>
            <button type="submit" className="btn-primary" disabled={!('edit' in plan) || previewState.isLoading}>
              Preview
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** The "Edit order" button, shown only when the server allows an edit now, and its dialog. */
export function EditOrderButton({ order }: { order: Order }) {
  const [open, setOpen] = useState(false);
  if (!order.allowedActions.includes('edit')) return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Edit order
      </button>
      {open && <EditOrderDialog order={order} onClose={() => setOpen(false)} />}
    </>
  );
}
