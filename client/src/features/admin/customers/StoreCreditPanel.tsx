import { formatMoney } from '@bazaar/shared';
import { useState } from 'react';
import { useAdjustStoreCreditMutation, useCustomerStoreCreditQuery } from '../admin.api';
import { DataTable, Field, formatDateTime, useAction, useCan } from '../ui';

/** A customer's store credit on their staff page: the balance, its movements, and a credit/debit form for staff who move money. */
export function StoreCreditPanel({ customerId }: { customerId: string }) {
  const { data } = useCustomerStoreCreditQuery(customerId);
  const [adjust, adjusting] = useAdjustStoreCreditMutation();
  const act = useAction();
  const can = useCan();
  const [error, setError] = useState<string>();
  if (!data) return null;

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const values = new FormData(form);
    const amount = Math.round(Number(values.get('amount')) * 100);
    const note = String(values.get('note') ?? '').trim();
    if (!Number.isFinite(amount) || amount === 0) return setError('Enter a positive amount to credit or a negative one to debit');
    if (!note) return setError('Say why');
    setError(undefined);
    if (await act(() => adjust({ id: customerId, amount, note }).unwrap(), 'Store credit updated')) form.reset();
  };

  return (
    <section className="mb-6 space-y-3" aria-label="Store credit">
      <h2 className="text-lg font-semibold">Store credit: {formatMoney(data.balance)}</h2>
      {can('orders:refund') && (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
          <Field label="Credit (negative to debit)" error={error}>
            <input name="amount" type="number" step="0.01" className="input" />
          </Field>
          <Field label="Reason">
            <input name="note" className="input" maxLength={500} />
          </Field>
          <button type="submit" className="btn" disabled={adjusting.isLoading}>
            Apply
          </button>
        </form>
      )}
      <DataTable
        caption="Store credit movements"
        rows={data.entries}
        rowKey={(e) => `${e.createdAt}-${e.balanceAfter.amount}-${e.delta.amount}`}
        empty="No movements yet."
        columns={[
          { header: 'When', cell: (e) => formatDateTime(e.createdAt) },
          { header: 'Change', cell: (e) => formatMoney(e.delta), className: 'text-right' },
          { header: 'Balance after', cell: (e) => formatMoney(e.balanceAfter), className: 'text-right' },
          { header: 'Why', cell: (e) => e.note ?? e.reason },
        ]}
      />
    </section>
  );
}
