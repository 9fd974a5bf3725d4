import { formatMoney, type Order, type OrderAction } from '@bazaar/shared';
import { useState, type ReactNode } from 'react';
import { useCancelOrderMutation, useMarkPaidOfflineMutation, useSendInvoiceMutation } from '../admin.api';
import { Dialog, Field, useAction } from '../ui';

/**
 * Staff actions on an order, each a button and the dialog that says what it does. Each shows only
 * when the server lists it in the order's `allowedActions`; `disabled` holds it back (unsaved changes).
 */
interface ActionProps {
  order: Order;
  disabled?: boolean;
}

const refundable = (o: Order) => o.totals.total.amount - o.refunded.amount;
/** What the customer still owes: the total less what gift cards and store credit paid. */
const owed = (o: Order) => formatMoney({ amount: o.totals.total.amount - o.paidWithBalance.amount, currency: o.totals.total.currency });

function ActionDialog({
  order,
  action,
  label,
  title,
  className = 'btn',
  disabled,
  children,
}: ActionProps & {
  action: OrderAction;
  label: string;
  title: string;
  className?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  if (!order.allowedActions.includes(action)) return null;
  const close = () => setOpen(false);
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog open={open} title={title} onClose={close}>
        {open && children(close)}
      </Dialog>
    </>
  );
}

/** A dialog's way back and its confirming button: the form's submit button unless `onConfirm` is given. */
function Buttons({
  back = 'Back',
  onBack,
  confirm,
  busy,
  className = 'btn-primary',
  onConfirm,
}: {
  back?: string;
  onBack: () => void;
  confirm: string;
  busy?: boolean;
  className?: string;
  onConfirm?: () => void;
}) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className="btn" onClick={onBack}>
        {back}
      </button>
      <button type={onConfirm ? 'button' : 'submit'} className={className} disabled={busy} onClick={onConfirm}>
        {confirm}
      </button>
    </div>
  );
}

export function SendInvoiceAction(props: ActionProps) {
  const { order } = props;
  return (
    <ActionDialog
      {...props}
      action="send_invoice"
      label="Send invoice"
      title={`Send the invoice for ${order.number}?`}
      className="btn-primary"
    >
      {(close) => <SendInvoiceForm order={order} onClose={close} />}
    </ActionDialog>
  );
}

function SendInvoiceForm({ order, onClose }: { order: Order; onClose: () => void }) {
  const [send, { isLoading }] = useSendInvoiceMutation();
  const act = useAction();
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const message = String(data.get('message') ?? '').trim();
        const body = { reserveStock: data.get('reserveStock') === 'on', ...(message ? { message } : {}) };
        if (await act(() => send({ id: order.id, ...body }).unwrap(), `Invoice for ${order.number} sent to ${order.email}`)) onClose();
      }}
    >
      <p className="text-sm">
        {order.email} is emailed a link to pay {formatMoney(order.totals.total)}. The draft can no longer be edited; the order waits for
        payment.
      </p>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="reserveStock" aria-describedby="reserve-stock-hint" className="mt-1" />
        <span>
          <span className="font-medium">Hold the stock now</span>
          <span id="reserve-stock-hint" className="block text-xs text-gray-600">
            The items are reserved until the order is paid or cancelled. Otherwise stock is taken when the customer pays; if it has run out
            by then, the order is flagged for a refund.
          </span>
        </span>
      </label>
      <Field label="Message to the customer (optional)">
        <textarea name="message" className="input" maxLength={1000} />
      </Field>
      <Buttons onBack={onClose} confirm="Send invoice" busy={isLoading} />
    </form>
  );
}

export function MarkPaidAction(props: ActionProps) {
  const { order } = props;
  return (
    <ActionDialog {...props} action="mark_paid" label="Mark paid offline" title={`Mark ${order.number} paid offline?`}>
      {(close) => <MarkPaidForm order={order} onClose={close} />}
    </ActionDialog>
  );
}

function MarkPaidForm({ order, onClose }: { order: Order; onClose: () => void }) {
  const [markPaid, { isLoading }] = useMarkPaidOfflineMutation();
  const [error, setError] = useState<string>();
  const act = useAction();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const note = String(new FormData(e.currentTarget).get('note') ?? '').trim();
        if (!note) return setError('Say how it was paid, for example “bank transfer, ref 1234”');
        setError(undefined);
        if (await act(() => markPaid({ id: order.id, note }).unwrap(), `Order ${order.number} marked paid`)) onClose();
      }}
    >
      <p className="text-sm">
        Records {owed(order)} paid outside the shop (bank transfer, cash). The order becomes paid and its stock is taken; if some of it is
        gone, nothing is recorded. A later refund of this payment is recorded as done: you return the money yourself.
      </p>
      <Field label="How it was paid" error={error}>
        <input name="note" className="input" maxLength={500} aria-invalid={!!error} />
      </Field>
      <Buttons onBack={onClose} confirm="Mark paid" busy={isLoading} />
    </form>
  );
}

/** What cancelling does to this order, as the confirmation says it. */
function cancelText(order: Order) {
  if (order.status === 'draft') return 'The draft is discarded. Nothing was charged and no stock is held for it.';
  if (order.status === 'pending_payment')
    return 'The order is unpaid: its reserved stock is released and the payment can no longer be made.';
  const amount = formatMoney({ amount: refundable(order), currency: order.totals.total.currency });
  return `The items go back into stock and ${amount} is refunded to the customer in full.`;
}

export function CancelOrderAction(props: ActionProps) {
  const { order } = props;
  const [cancel, { isLoading }] = useCancelOrderMutation();
  const act = useAction();
  const what = order.status === 'draft' ? 'draft' : 'order';
  return (
    <ActionDialog {...props} action="cancel" label={`Cancel ${what}`} title={`Cancel ${what} ${order.number}?`} className="btn-danger">
      {(close) => (
        <>
          <p className="mb-4 text-sm">{cancelText(order)}</p>
          <Buttons
            back={`Keep the ${what}`}
            onBack={close}
            confirm={`Cancel ${what}`}
            busy={isLoading}
            className="btn-danger"
            onConfirm={async () => (await act(() => cancel({ id: order.id }).unwrap(), `Order ${order.number} cancelled`)) && close()}
          />
        </>
      )}
    </ActionDialog>
  );
}
