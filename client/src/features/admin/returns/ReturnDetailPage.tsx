import { formatMoney, type RefundReturn, type Return, type ReturnAction, type ReturnRefundPreview } from '@bazaar/shared';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { Badge, DataTable, Dialog, Field, formatDateTime, PageHeader, useAction } from '../ui';
import {
  useAdminReturnQuery,
  useMoveReturnMutation,
  useReceiveReturnMutation,
  useCompleteExchangeMutation,
  useRefundReturnMutation,
  useReturnRefundPreviewQuery,
  type NoteAction,
} from './returns.api';

/** The buttons, in this order; the page shows the ones the server lists in `allowedActions`. */
const ACTION_BUTTONS: { action: ReturnAction; label: string; className: string }[] = [
  { action: 'approve', label: 'Approve', className: 'btn-primary' },
  { action: 'receive', label: 'Receive items', className: 'btn-primary' },
  { action: 'refund', label: 'Refund', className: 'btn-primary' },
  { action: 'replace', label: 'Send a replacement', className: 'btn-primary' },
  { action: 'complete', label: 'Complete exchange', className: 'btn-primary' },
  { action: 'reject', label: 'Reject', className: 'btn-danger' },
  { action: 'cancel', label: 'Cancel return', className: 'btn-danger' },
];

export default function ReturnDetailPage() {
  const { id = '' } = useParams();
  const { data: r, error } = useAdminReturnQuery(id);
  const [dialog, setDialog] = useState<ReturnAction>();
  if (error) return <p role="alert">This return could not be loaded.</p>;
  if (!r) return <p>Loading…</p>;
  const close = () => setDialog(undefined);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/returns" className="underline">
          ← Returns
        </Link>
      </p>
      {r.replacementOrder && (
        <p className="mb-2 text-sm">
          {r.kind === 'exchange' ? 'Exchange order' : 'Replacement order'}:{' '}
          <Link to={`/admin/orders/${r.replacementOrder.id}`} className="underline">
            {r.replacementOrder.number}
          </Link>
        </p>
      )}
      <PageHeader title={`Return ${r.number}`}>
        <Badge value={r.kind} />
        <Badge value={r.status} />
        {ACTION_BUTTONS.filter((b) => r.allowedActions.includes(b.action)).map((b) => (
          <button key={b.action} type="button" className={b.className} onClick={() => setDialog(b.action)}>
            {b.label}
          </button>
        ))}
      </PageHeader>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <DataTable
            caption="Return lines"
            rows={r.lines}
            rowKey={(l) => l.id}
            columns={[
              {
                header: 'Item',
                cell: (l) => (
                  <>
                    {l.title}
                    {l.variantTitle && <span className="text-gray-500"> — {l.variantTitle}</span>}
                  </>
                ),
              },
              { header: 'SKU', cell: (l) => <code>{l.sku}</code> },
              { header: 'Qty', cell: (l) => l.quantity, className: 'text-right' },
              {
                header: 'Received',
                cell: (l) => (l.receivedQuantity === null ? '—' : `${l.receivedQuantity}${l.restock ? ' (restocked)' : ''}`),
                className: 'text-right',
              },
              { header: 'Paid', cell: (l) => formatMoney(l.paid), className: 'text-right' },
            ]}
          />
          {r.refund && (
            <dl className="ml-auto grid max-w-xs grid-cols-2 gap-1 text-sm" data-testid="return-refund">
              <dt>To the original payment</dt>
              <dd className="text-right">{formatMoney(r.refund.original)}</dd>
              <dt>To store credit</dt>
              <dd className="text-right">{formatMoney(r.refund.storeCredit)}</dd>
              <dt>Return shipping fee kept</dt>
              <dd className="text-right">{formatMoney(r.refund.shippingFee)}</dd>
              <dt>Restocking fee kept</dt>
              <dd className="text-right">{formatMoney(r.refund.restockingFee)}</dd>
            </dl>
          )}
          <section aria-labelledby="return-history">
            <h2 id="return-history" className="mb-2 text-lg font-semibold">
              History
            </h2>
            <ol className="space-y-2 border-l pl-4 text-sm" data-testid="return-history">
              {r.events.map((e, i) => (
                <li key={i}>
                  <span className="font-medium">{e.type.replace(/_/g, ' ')}</span>
                  {e.note && <span> — {e.note}</span>}
                  <span className="block text-xs text-gray-500">{formatDateTime(e.createdAt)}</span>
                </li>
              ))}
            </ol>
          </section>
        </div>

        <aside className="space-y-4 text-sm">
          <section>
            <h3 className="font-medium">Order</h3>
            <p>
              <Link className="underline" to={`/admin/orders/${r.orderId}`}>
                {r.orderNumber}
              </Link>{' '}
              · {r.email}
            </p>
            <p className="text-xs text-gray-500">Asked {formatDateTime(r.createdAt)}</p>
          </section>
          <section>
            <h3 className="font-medium">The customer says</h3>
            <p>{r.reason}</p>
            {r.note && <p className="whitespace-pre-line text-gray-700">{r.note}</p>}
            {r.photos.length > 0 && (
              <ul>
                {r.photos.map((url, i) => (
                  <li key={url}>
                    <a className="underline" href={url} target="_blank" rel="noreferrer">
                      Photo {i + 1}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {r.staffNote && (
            <section>
              <h3 className="font-medium">Note to the customer</h3>
              <p>{r.staffNote}</p>
            </section>
          )}
        </aside>
      </div>

      {(dialog === 'approve' || dialog === 'reject' || dialog === 'cancel' || dialog === 'replace') && (
        <NoteDialog r={r} action={dialog} onClose={close} />
      )}
      {dialog === 'complete' && <CompleteDialog r={r} onClose={close} />}
      {dialog === 'receive' && <ReceiveDialog r={r} onClose={close} />}
      {dialog === 'refund' && <RefundDialog r={r} onClose={close} />}
    </>
  );
}

/** The note as the API takes it: left out when empty. */
const withNote = (note: string) => (note.trim() ? { note: note.trim() } : {});

/** The staff note every move may carry (at most 1000 characters, like the API). */
function NoteField({ label = 'Note (optional)', note, setNote }: { label?: string; note: string; setNote: (note: string) => void }) {
  return (
    <Field label={label}>
      <textarea className="input" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Field>
  );
}

/** A dialog's way out and its submit button. */
function DialogButtons({
  onClose,
  className,
  disabled,
  children,
}: {
  onClose: () => void;
  className: string;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className="btn" onClick={onClose}>
        Back
      </button>
      <button type="submit" className={className} disabled={disabled}>
        {children}
      </button>
    </div>
  );
}

const NOTE_ACTIONS: Record<NoteAction, { title: string; button: string; done: string; says: (r: Return) => string }> = {
  approve: {
    title: 'Approve',
    button: 'Approve',
    done: 'approved',
    says: (r) =>
      r.kind === 'claim'
        ? 'The claim is accepted; nothing is sent back and it can be refunded next.'
        : r.kind === 'exchange'
          ? 'The new items are reserved in a replacement order (any difference is asked of the customer); the customer sends the old ones back.'
          : 'The customer is told to send the items back; record them when they arrive.',
  },
  reject: {
    title: 'Reject',
    button: 'Reject',
    done: 'rejected',
    says: () => 'The request is closed without a refund; the customer gets an email.',
  },
  replace: {
    title: 'Replace',
    button: 'Send a replacement',
    done: 'replaced',
    says: () => 'The same items are sent again at no charge in a new, paid order that ships like any other.',
  },
  cancel: {
    title: 'Cancel',
    button: 'Cancel return',
    done: 'cancelled',
    says: () => 'The return is closed without a refund; its items may be asked for again.',
  },
};

function NoteDialog({ r, action, onClose }: { r: Return; action: NoteAction; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [move, { isLoading }] = useMoveReturnMutation();
  const act = useAction();
  const copy = NOTE_ACTIONS[action];
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await act(() => move({ id: r.id, action, ...withNote(note) }).unwrap(), `${r.number} ${copy.done}`)) onClose();
  };
  return (
    <Dialog open title={`${copy.title} ${r.number}?`} onClose={onClose}>
      <form onSubmit={send} className="space-y-3">
        <p className="text-sm">{copy.says(r)}</p>
        <NoteField label="Note for the customer (optional, sent in the email)" note={note} setNote={setNote} />
        <DialogButtons onClose={onClose} className={action === 'approve' ? 'btn-primary' : 'btn-danger'} disabled={isLoading}>
          {copy.button}
        </DialogButtons>
      </form>
    </Dialog>
  );
}

function ReceiveDialog({ r, onClose }: { r: Return; onClose: () => void }) {
  const [lines, setLines] = useState(() => r.lines.map((l) => ({ lineId: l.id, quantity: l.quantity, restock: true })));
  const [note, setNote] = useState('');
  const [receive, { isLoading }] = useReceiveReturnMutation();
  const act = useAction();
  const change = (i: number, patch: Partial<(typeof lines)[number]>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await act(() => receive({ id: r.id, lines, ...withNote(note) }).unwrap(), `${r.number} received`)) onClose();
  };
  return (
    <Dialog open title={`Receive ${r.number}`} onClose={onClose}>
      <form onSubmit={send} className="space-y-3">
        <p className="text-sm">Record what arrived. Restocked units go back into stock; the refund covers the units received.</p>
        <ul className="space-y-2 text-sm">
          {r.lines.map((l, i) => (
            <li key={l.id} className="flex flex-wrap items-center gap-3">
              <span className="flex-1">
                {l.title} {l.variantTitle && `— ${l.variantTitle}`} <span className="text-gray-500">({l.quantity} expected)</span>
              </span>
              <input
                type="number"
                min={0}
                max={l.quantity}
                aria-label={`Received of ${l.sku}`}
                className="input w-20"
                value={lines[i]!.quantity}
                onChange={(e) => change(i, { quantity: Math.max(0, Math.min(l.quantity, Number(e.target.value) || 0)) })}
              />
              <label className="flex items-center gap-1">
                <input type="checkbox" checked={lines[i]!.restock} onChange={(e) => change(i, { restock: e.target.checked })} />
                Restock <span className="sr-only">{l.sku}</span>
              </label>
            </li>
          ))}
        </ul>
        <NoteField note={note} setNote={setNote} />
        <DialogButtons onClose={onClose} className="btn-primary" disabled={isLoading}>
          Record receipt
        </DialogButtons>
      </form>
    </Dialog>
  );
}

type Destination = RefundReturn['to'];
interface RefundInputs {
  to: Destination;
  storeCredit: string;
  shippingFee: string;
  restockingFee: string;
}

/**
 * The refund request from the typed amounts, and what the customer gets: what was paid for the
 * units less the fees. The server computes it again; its answer is what happens.
 */
export function planReturnRefund(preview: ReturnRefundPreview, inputs: RefundInputs) {
  const errors: Partial<Record<keyof RefundInputs, string>> = {};
  const shippingFee = parseMoneyInput(inputs.shippingFee);
  const restockingFee = parseMoneyInput(inputs.restockingFee);
  if (shippingFee === undefined) errors.shippingFee = 'Enter an amount like 4.99 (0 waives it)';
  if (restockingFee === undefined) errors.restockingFee = 'Enter an amount like 4.99 (0 waives it)';
  const net = preview.gross.amount - (shippingFee ?? 0) - (restockingFee ?? 0);
  if (net < 0) errors.restockingFee = 'The fees are more than the refund';
  let storeCredit = inputs.to === 'store_credit' ? net : 0;
  if (inputs.to === 'split') {
    const part = parseMoneyInput(inputs.storeCredit);
    if (part === undefined) errors.storeCredit = 'Enter the store-credit part, like 10.00';
    else if (part > net) errors.storeCredit = `At most ${formatMoney({ amount: Math.max(0, net), currency: preview.gross.currency })}`;
    storeCredit = part ?? 0;
  }
  const request: RefundReturn | undefined = Object.keys(errors).length
    ? undefined
    : { to: inputs.to, shippingFee: shippingFee!, restockingFee: restockingFee!, ...(inputs.to === 'split' ? { storeCredit } : {}) };
  return { request, errors, net, storeCredit, original: net - storeCredit };
}

/** Where the money goes, in words: "$32.00 to the original payment and $10.50 as store credit". */
function destinationText(original: string | false, storeCredit: string | false) {
  return [original && `${original} to the original payment`, storeCredit && `${storeCredit} as store credit`].filter(Boolean).join(' and ');
}

function RefundDialog({ r, onClose }: { r: Return; onClose: () => void }) {
  const { data: preview, error } = useReturnRefundPreviewQuery(r.id);
  return (
    <Dialog open title={`Refund ${r.number}`} onClose={onClose}>
      {error ? (
        <p role="alert">The refund could not be worked out.</p>
      ) : !preview ? (
        <p>Loading…</p>
      ) : (
        <RefundForm r={r} preview={preview} onClose={onClose} />
      )}
    </Dialog>
  );
}

const DESTINATIONS: Record<Destination, string> = { original: 'Original payment', store_credit: 'Store credit', split: 'Split' };

function RefundForm({ r, preview, onClose }: { r: Return; preview: ReturnRefundPreview; onClose: () => void }) {
  const [inputs, setInputs] = useState<RefundInputs>({
    to: 'original',
    storeCredit: '',
    shippingFee: toMoneyInput(preview.shippingFee.amount),
    restockingFee: toMoneyInput(preview.restockingFee.amount),
  });
  const [note, setNote] = useState('');
  const [refund, { isLoading }] = useRefundReturnMutation();
  const act = useAction();
  const currency = preview.gross.currency;
  const money = (amount: number) => formatMoney({ amount, currency });
  const plan = planReturnRefund(preview, inputs);
  const set = (key: keyof RefundInputs) => (e: React.ChangeEvent<HTMLInputElement>) => setInputs({ ...inputs, [key]: e.target.value });
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!plan.request) return;
    const body = { ...plan.request, ...withNote(note) };
    if (await act(() => refund({ id: r.id, ...body }).unwrap(), `${r.number} refunded ${money(plan.net)}`)) onClose();
  };
  return (
    <form onSubmit={send} noValidate className="space-y-3">
      <p className="text-sm">
        Paid for the {r.kind === 'claim' ? 'claimed' : 'received'} units: <strong>{money(preview.gross.amount)}</strong>
      </p>
      <fieldset className="flex gap-4 text-sm">
        <legend className="mb-1 font-medium">Refund to</legend>
        {(Object.keys(DESTINATIONS) as Destination[]).map((to) => (
          <label key={to} className="flex items-center gap-1">
            <input type="radio" name="to" value={to} checked={inputs.to === to} onChange={() => setInputs({ ...inputs, to })} />
            {DESTINATIONS[to]}
          </label>
        ))}
      </fieldset>
      {inputs.to === 'split' && (
        <Field label={`Store-credit part (${currency})`} error={plan.errors.storeCredit} hint="The rest goes back to the original payment">
          <input className="input" inputMode="decimal" value={inputs.storeCredit} onChange={set('storeCredit')} />
        </Field>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Field label={`Return shipping fee (${currency})`} error={plan.errors.shippingFee}>
          <input className="input" inputMode="decimal" value={inputs.shippingFee} onChange={set('shippingFee')} />
        </Field>
        <Field label={`Restocking fee (${currency})`} error={plan.errors.restockingFee}>
          <input className="input" inputMode="decimal" value={inputs.restockingFee} onChange={set('restockingFee')} />
        </Field>
      </div>
      <p aria-live="polite" className="text-sm" data-testid="customer-gets">
        Customer gets <strong>{money(Math.max(0, plan.net))}</strong>
        {plan.request &&
          plan.net > 0 &&
          `: ${destinationText(plan.original > 0 && money(plan.original), plan.storeCredit > 0 && money(plan.storeCredit))}`}
      </p>
      <NoteField note={note} setNote={setNote} />
      <DialogButtons onClose={onClose} className="btn-danger" disabled={!plan.request || isLoading}>
        Refund {money(Math.max(0, plan.net))}
      </DialogButtons>
    </form>
  );
}

/** Completing an exchange: the new items ship; any value the old ones had beyond them goes back to the customer. */
function CompleteDialog({ r, onClose }: { r: Return; onClose: () => void }) {
  const [to, setTo] = useState<'original' | 'store_credit'>('original');
  const [note, setNote] = useState('');
  const [complete, { isLoading }] = useCompleteExchangeMutation();
  const act = useAction();
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await act(() => complete({ id: r.id, to, ...withNote(note) }).unwrap(), `${r.number} completed`)) onClose();
  };
  return (
    <Dialog open title={`Complete exchange ${r.number}?`} onClose={onClose}>
      <form onSubmit={send} className="space-y-3">
        <p className="text-sm">
          The replacement order ships. If the returned items were worth more than the new ones, the rest is refunded:
        </p>
        <Field label="Refund what is left to">
          <select className="input" value={to} onChange={(e) => setTo(e.target.value as 'original' | 'store_credit')}>
            <option value="original">the original payment</option>
            <option value="store_credit">store credit</option>
          </select>
        </Field>
        <NoteField note={note} setNote={setNote} />
        <DialogButtons onClose={onClose} className="btn-primary" disabled={isLoading}>
          Complete exchange
        </DialogButtons>
      </form>
    </Dialog>
  );
}
