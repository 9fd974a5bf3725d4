import { formatMoney } from '@bazaar/shared';
import type { Order, RefundDestination, RefundRequest } from '@bazaar/shared';
import { useState } from 'react';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { useRefundOrderMutation } from '../admin.api';
import { Dialog, Field, useAction } from '../ui';

type Mode = 'lines' | 'amount' | 'full';

/**
 * The server's rule for a line refund, shown before confirming: the line's paid share (its
 * total less discount plus tax) per unit, rounded per line. The server computes it again and
 * its answer is what happens.
 */
export function lineRefundAmount(item: Order['items'][number], quantity: number): number {
  const paid = item.lineTotal.amount - item.discount.amount + item.tax.amount;
  return Math.round((paid * quantity) / item.quantity);
}

/**
 * What the gift cards the order bought and still holds were paid: the server refunds that money only
 * with the cards (by their lines, which takes them back), never by amount.
 */
export const heldGiftCardValue = (order: Order) =>
  order.items.filter((i) => i.giftCard).reduce((sum, i) => sum + lineRefundAmount(i, i.quantity - i.refundedQuantity), 0);

/** Works out the request and what it will do; `error` when the input cannot be sent. */
export function planRefund(order: Order, mode: Mode, amountText: string, quantities: Record<string, number>) {
  const left = order.totals.total.amount - order.refunded.amount;
  if (mode === 'full') return { request: { full: true } as RefundRequest, amount: left };
  if (mode === 'amount') {
    const amount = parseMoneyInput(amountText);
    const byAmount = Math.max(0, left - heldGiftCardValue(order));
    const most = formatMoney({ amount: byAmount, currency: order.totals.total.currency });
    if (amount === undefined || amount <= 0) return { error: 'Enter an amount like 12.50' };
    if (amount > byAmount)
      return {
        error: byAmount < left ? `At most ${most} can be refunded by amount: refund gift cards by item` : `At most ${most} can be refunded`,
      };
    return { request: { amount } as RefundRequest, amount };
  }
  const lines = order.items.filter((i) => (quantities[i.id] ?? 0) > 0).map((i) => ({ itemId: i.id, quantity: quantities[i.id]! }));
  if (lines.length === 0) return { error: 'Choose at least one item' };
  const amount = lines.reduce(
    (sum, l) =>
      sum +
      lineRefundAmount(
        order.items.find((i) => i.id === l.itemId)!,
        l.quantity,
      ),
    0,
  );
  return { request: { lines } as RefundRequest, amount };
}

/** Where the refund goes, as the confirmation says it (the server splits it the same way). */
export function refundDestinationText(order: Order, to: RefundDestination): string {
  if (to === 'store_credit') return "goes to the customer's store credit, all of it.";
  if (order.paidWithBalance.amount >= order.totals.total.amount)
    return 'goes back to the gift cards and store credit the order was paid with.';
  // Paid outside the shop (marked paid by staff): the shop records the refund as done; staff hand the money back.
  if (order.payments?.some((p) => p.provider === 'offline')) {
    const yourself = 'is recorded as refunded to the offline payment: return it to the customer yourself, the way they paid';
    return order.paidWithBalance.amount === 0
      ? `${yourself}.`
      : `${yourself}; any part paid by gift card or store credit goes back there after the offline part.`;
  }
  const provider = order.payments?.[0]?.provider ?? 'provider';
  if (order.paidWithBalance.amount === 0) return `goes back to the customer through the original payment (${provider}).`;
  return `goes back through the original payment (${provider}) first; any part paid by gift card or store credit goes back there after the provider's part.`;
}

export function RefundDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const [mode, setMode] = useState<Mode>('lines');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [to, setTo] = useState<RefundDestination>('original');
  // Store credit belongs to an account: a guest order has none to hold it (the server refuses it too).
  const guest = !order.customerId;
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [confirming, setConfirming] = useState(false);
  const [refund, { isLoading }] = useRefundOrderMutation();
  const act = useAction();
  const currency = order.totals.total.currency;
  const left = order.totals.total.amount - order.refunded.amount;
  const plan = planRefund(order, mode, amountText, quantities);
  const after = 'amount' in plan && plan.amount !== undefined && plan.amount >= left ? 'refunded' : 'partially refunded';
  const takesGiftCards =
    mode === 'full' ? heldGiftCardValue(order) > 0 : mode === 'lines' && order.items.some((i) => i.giftCard && (quantities[i.id] ?? 0) > 0);

  const send = async () => {
    if (!('request' in plan) || !plan.request) return;
    const request = { ...plan.request, to, ...(reason.trim() ? { reason: reason.trim() } : {}) } as RefundRequest;
    const done = `Refunded ${formatMoney({ amount: plan.amount, currency })}${to === 'store_credit' ? ' to store credit' : ''}`;
    if (await act(() => refund({ id: order.id, request }).unwrap(), done)) onClose();
  };

  return (
    <Dialog open title={`Refund order ${order.number}`} onClose={onClose}>
      {!confirming ? (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if ('request' in plan) setConfirming(true);
          }}
        >
          <p className="text-sm">Up to {formatMoney({ amount: left, currency })} can still be refunded.</p>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Refund by</legend>
            {(['lines', 'amount', 'full'] as const).map((m) => (
              <label key={m} className="flex items-center gap-1">
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                {m === 'lines' ? 'By items' : m === 'amount' ? 'By amount' : 'Everything left'}
              </label>
            ))}
          </fieldset>
          {mode === 'lines' && (
            <ul className="space-y-2 text-sm">
              {order.items.map((i) => {
                const max = i.quantity - i.refundedQuantity;
                return (
                  <li key={i.id} className="flex items-center justify-between gap-2">
                    <span>
                      {i.title} {i.variantTitle && `— ${i.variantTitle}`} <span className="text-gray-500">({max} refundable)</span>
                    </span>
                    <input
                      type="number"
                      min={0}
                      max={max}
                      disabled={max === 0}
                      aria-label={`Quantity of ${i.sku} to refund`}
                      className="input w-20"
                      value={quantities[i.id] ?? 0}
                      onChange={(e) => setQuantities({ ...quantities, [i.id]: Math.max(0, Math.min(max, Number(e.target.value) || 0)) })}
                    />
                  </li>
                );
              })}
            </ul>
          )}
          {mode === 'amount' && (
            <Field
              label={`Amount (${currency})`}
              error={amountText && 'error' in plan ? plan.error : undefined}
              hint={`For example ${toMoneyInput(Math.min(left, 1000))}`}
            >
              <input className="input" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} />
            </Field>
          )}
          <fieldset className="space-y-1 text-sm">
            <legend className="font-medium">Refund to</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="to" value="original" checked={to === 'original'} onChange={() => setTo('original')} />
              Original payment
            </label>
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="to"
                value="store_credit"
                checked={to === 'store_credit'}
                disabled={guest}
                aria-describedby={guest ? 'refund-to-guest' : undefined}
                onChange={() => setTo('store_credit')}
              />
              Store credit
            </label>
            {guest && (
              <p id="refund-to-guest" className="text-xs text-gray-600">
                A guest order has no customer account to hold store credit: it can only be refunded to the original payment.
              </p>
            )}
          </fieldset>
          <Field label="Reason (shown in the order timeline)">
            <input className="input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </Field>
          {'error' in plan && mode === 'lines' && <p className="text-xs text-gray-600">{plan.error}</p>}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={onClose}>
              Back
            </button>
            <button type="submit" className="btn-primary" disabled={!('request' in plan)}>
              Review refund
            </button>
          </div>
        </form>
      ) : (
        <div className="space-y-3 text-sm" data-testid="refund-confirmation">
          <p>
            <strong>{formatMoney({ amount: plan.amount ?? 0, currency })}</strong> {refundDestinationText(order, to)}
          </p>
          <p>The order will be {after}. Stock is not changed by a refund; adjust it in Inventory if goods come back.</p>
          {takesGiftCards && (
            <p>
              The gift cards refunded are taken back: each is emptied and never sent. A gift card that has been used cannot be refunded.
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Change
            </button>
            <button type="button" className="btn-danger" disabled={isLoading} onClick={send}>
              Refund {formatMoney({ amount: plan.amount ?? 0, currency })}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
