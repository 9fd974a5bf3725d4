import { formatMoney } from '@bazaar/shared';
import type { Order } from '@bazaar/shared';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAdminOrderQuery, useDeliverOrderMutation, useFulfilOrderMutation } from '../admin.api';
import { Badge, DataTable, Dialog, Field, formatDateTime, PageHeader, useAction, useCan } from '../ui';
import { CancelOrderAction, MarkPaidAction, SendInvoiceAction } from './OrderActions';
import { EditOrderButton } from './EditOrderDialog';
import { OrderFollowUps } from './OrderFollowUps';
import { RefundDialog } from './RefundDialog';

type Address = Order['shippingAddress'];
function AddressBlock({ title, address }: { title: string; address: Address }) {
  return (
    <section>
      <h3 className="font-medium">{title}</h3>
      <address className="not-italic text-sm">
        {address.name}
        <br />
        {address.line1}
        {address.line2 && (
          <>
            <br />
            {address.line2}
          </>
        )}
        <br />
        {address.postalCode} {address.city}
        {address.region ? `, ${address.region}` : ''}
        <br />
        {address.country}
      </address>
    </section>
  );
}

export default function OrderDetailPage() {
  const { id = '' } = useParams();
  const { data: order, error } = useAdminOrderQuery(id);
  const can = useCan();
  const act = useAction();
  const [dialog, setDialog] = useState<'fulfil' | 'refund' | 'deliver'>();
  const [fulfil, fulfilState] = useFulfilOrderMutation();
  const [deliver] = useDeliverOrderMutation();
  const [fulfilErrors, setFulfilErrors] = useState<Record<string, string>>({});
  if (error) return <p role="alert">This order could not be loaded.</p>;
  if (!order) return <p>Loading…</p>;

  const close = () => setDialog(undefined);
  // The server says what this order allows this staff member now; the page shows exactly that.
  const allows = (action: Order['allowedActions'][number]) => order.allowedActions.includes(action);
  const submitFulfil = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const carrier = String(data.get('carrier')).trim();
    const trackingNumber = String(data.get('trackingNumber')).trim();
    const errors: Record<string, string> = {};
    if (!carrier) errors.carrier = 'Required';
    if (!trackingNumber) errors.trackingNumber = 'Required';
    setFulfilErrors(errors);
    if (Object.keys(errors).length) return;
    const note = String(data.get('note')).trim();
    if (
      await act(
        () => fulfil({ id: order.id, carrier, trackingNumber, ...(note ? { note } : {}) }).unwrap(),
        `Order ${order.number} marked as shipped`,
      )
    )
      close();
  };

  return (
    <>
      <div className="print:hidden">
        <p className="mb-2 text-sm">
          <Link to="/admin/orders" className="underline">
            ← Orders
          </Link>
        </p>
        <PageHeader title={`Order ${order.number}`}>
          <Badge value={order.status} />
          <Badge value={order.paymentStatus} />
          {allows('fulfil') && (
            <button type="button" className="btn-primary" onClick={() => setDialog('fulfil')}>
              Mark fulfilled
            </button>
          )}
          {allows('deliver') && (
            <button type="button" className="btn-primary" onClick={() => setDialog('deliver')}>
              Mark delivered
            </button>
          )}
          {order.status === 'draft' && can('orders:write') && (
            <Link className="btn" to={`/admin/draft-orders/${order.id}`}>
              Edit draft
            </Link>
          )}
          <SendInvoiceAction order={order} />
          <MarkPaidAction order={order} />
          {allows('refund') && (
            <button type="button" className="btn" onClick={() => setDialog('refund')}>
              Refund
            </button>
          )}
          <EditOrderButton order={order} />
          <CancelOrderAction order={order} />
          <button type="button" className="btn" onClick={() => window.print()}>
            Print packing slip
          </button>
        </PageHeader>
        {order.flag && (
          <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 p-3 text-sm">
            Needs attention: {order.flag.replace(/_/g, ' ')}
          </p>
        )}

        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            <DataTable
              caption="Order lines"
              rows={order.items}
              rowKey={(i) => i.id}
              columns={[
                {
                  header: 'Item',
                  cell: (i) => (
                    <>
                      {i.title}
                      {i.variantTitle && <span className="text-gray-500"> — {i.variantTitle}</span>}
                    </>
                  ),
                },
                { header: 'SKU', cell: (i) => <code>{i.sku}</code> },
                {
                  header: 'Qty',
                  cell: (i) => (
                    <>
                      {i.quantity}
                      {i.refundedQuantity > 0 && <span className="text-purple-700"> ({i.refundedQuantity} refunded)</span>}
                    </>
                  ),
                  className: 'text-right',
                },
                { header: 'Unit', cell: (i) => formatMoney(i.unitPrice), className: 'text-right' },
                { header: 'Total', cell: (i) => formatMoney(i.lineTotal), className: 'text-right' },
              ]}
            />
            <dl className="ml-auto grid max-w-xs grid-cols-2 gap-1 text-sm">
              <dt>Subtotal</dt>
              <dd className="text-right">{formatMoney(order.totals.subtotal)}</dd>
              {order.totals.discount.amount > 0 && (
                <>
                  <dt>Discount{order.coupon ? ` (${order.coupon.code})` : ''}</dt>
                  <dd className="text-right">−{formatMoney(order.totals.discount)}</dd>
                </>
              )}
              <dt>Shipping ({order.shippingMethod.name})</dt>
              <dd className="text-right">{formatMoney(order.totals.shipping)}</dd>
              <dt>Tax</dt>
              <dd className="text-right">{formatMoney(order.totals.tax)}</dd>
              <dt className="font-semibold">Total</dt>
              <dd className="text-right font-semibold">{formatMoney(order.totals.total)}</dd>
              {order.paidWithBalance.amount > 0 && (
                <>
                  <dt>Paid with gift cards and store credit</dt>
                  <dd className="text-right" data-testid="paid-with-balance">
                    {formatMoney(order.paidWithBalance)}
                  </dd>
                </>
              )}
              {order.refunded.amount > 0 && (
                <>
                  <dt className="text-purple-700">Refunded</dt>
                  <dd className="text-right text-purple-700" data-testid="refunded-total">
                    −{formatMoney(order.refunded)}
                  </dd>
                </>
              )}
            </dl>
            <OrderFollowUps order={order} />

            <section aria-labelledby="timeline">
              <h2 id="timeline" className="mb-2 text-lg font-semibold">
                Timeline
              </h2>
              <ol className="space-y-2 border-l pl-4 text-sm" data-testid="timeline">
                {(order.events ?? []).map((e, i) => (
                  <li key={i}>
                    <span className="font-medium">{e.type.replace(/_/g, ' ')}</span>
                    {e.note && <span> — {e.note}</span>}
                    <span className="block text-xs text-gray-500">
                      {formatDateTime(e.createdAt)}
                      {e.actorUserId && (e.actorUserId === order.customerId ? ' · by the customer' : ' · by staff')}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          </div>

          <aside className="space-y-4">
            <section>
              <h3 className="font-medium">Customer</h3>
              <p className="text-sm">
                {order.email}
                {order.customerId && can('customers:read') ? (
                  <>
                    {' · '}
                    <Link className="underline" to={`/admin/customers/${order.customerId}`}>
                      account
                    </Link>
                  </>
                ) : (
                  !order.customerId && ' · guest'
                )}
              </p>
              <p className="text-xs text-gray-500">Placed {formatDateTime(order.createdAt)}</p>
            </section>
            {order.staffNote && (
              <section>
                <h3 className="font-medium">Staff note</h3>
                <p className="whitespace-pre-line text-sm" data-testid="staff-note">
                  {order.staffNote}
                </p>
              </section>
            )}
            <AddressBlock title="Ship to" address={order.shippingAddress} />
            {order.billingAddress && <AddressBlock title="Bill to" address={order.billingAddress} />}
            {order.tracking && (
              <section>
                <h3 className="font-medium">Tracking</h3>
                <p className="text-sm" data-testid="tracking">
                  {order.tracking.carrier} {order.tracking.number}
                </p>
              </section>
            )}
            <section>
              <h3 className="font-medium">Payments</h3>
              <ul className="text-sm">
                {(order.payments ?? []).map((p) => (
                  <li key={p.id}>
                    {p.provider} · <Badge value={p.status} /> · {formatMoney(p.amount)}
                    {p.refunded.amount > 0 && <> · refunded {formatMoney(p.refunded)}</>}
                  </li>
                ))}
              </ul>
            </section>
          </aside>
        </div>
      </div>

      <PackingSlip order={order} />

      <Dialog open={dialog === 'fulfil'} title={`Ship order ${order.number}`} onClose={close}>
        <form onSubmit={submitFulfil} className="space-y-3" noValidate>
          <p className="text-sm">
            The order becomes “shipped”; the customer gets an email with the tracking number and sees it on their order page at once.
          </p>
          <Field label="Carrier" error={fulfilErrors.carrier}>
            <input name="carrier" className="input" autoFocus list="carriers" />
            <datalist id="carriers">
              {['UPS', 'FedEx', 'USPS', 'DHL', 'Royal Mail'].map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </Field>
          <Field label="Tracking number" error={fulfilErrors.trackingNumber}>
            <input name="trackingNumber" className="input" />
          </Field>
          <Field label="Note (optional)">
            <input name="note" className="input" />
          </Field>
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={close}>
              Back
            </button>
            <button type="submit" className="btn-primary" disabled={fulfilState.isLoading}>
              Mark fulfilled
            </button>
          </div>
        </form>
      </Dialog>

      <Dialog open={dialog === 'deliver'} title={`Order ${order.number} delivered?`} onClose={close}>
        <p className="mb-4 text-sm">The order is marked delivered. This cannot be undone.</p>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={close}>
            Back
          </button>
          <button
            type="button"
            className="btn-primary"
            onClick={async () => (await act(() => deliver(order.id).unwrap(), 'Marked delivered')) && close()}
          >
            Mark delivered
          </button>
        </div>
      </Dialog>

      {dialog === 'refund' && <RefundDialog order={order} onClose={close} />}
    </>
  );
}

/** Printed instead of the screen (print stylesheet): what goes in the box, without prices. */
function PackingSlip({ order }: { order: Order }) {
  return (
    <section className="hidden print:block" aria-hidden="true">
      <h1 className="text-xl font-bold">Packing slip — order {order.number}</h1>
      <p className="mb-4 text-sm">{formatDateTime(order.createdAt)}</p>
      <AddressBlock title="Ship to" address={order.shippingAddress} />
      <table className="mt-4 w-full text-left text-sm">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Item</th>
            <th className="text-right">Qty</th>
          </tr>
        </thead>
        <tbody>
          {order.items
            .filter((i) => i.quantity > i.refundedQuantity)
            .map((i) => (
              <tr key={i.id}>
                <td>{i.sku}</td>
                <td>
                  {i.title} {i.variantTitle}
                </td>
                <td className="text-right">{i.quantity - i.refundedQuantity}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
