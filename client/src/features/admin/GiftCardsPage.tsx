import { formatMoney, type AdminGiftCard, type IssuedGiftCard } from '@bazaar/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { useGiftCardsQuery, useIssueGiftCardMutation } from './admin.api';
import { DataTable, Field, formatDateTime, PageHeader, useAction, useCan } from './ui';

/** Where a card came from: bought with an order (linked), or issued by staff. */
function Source({ card }: { card: AdminGiftCard }) {
  if (!card.orderId) return <>Issued by staff</>;
  return (
    <>
      Bought with{' '}
      <Link to={`/admin/orders/${card.orderId}`} className="underline">
        an order
      </Link>
      {card.scheduledFor && <span className="block text-xs text-gray-600">to be emailed {formatDateTime(card.scheduledFor)}</span>}
    </>
  );
}

/** Gift cards: issue one (its code is shown this once), and see every card's balance and where it came from. */
export default function GiftCardsPage() {
  const { data: cards = [], isLoading } = useGiftCardsQuery();
  const [issue, issuing] = useIssueGiftCardMutation();
  const act = useAction();
  const can = useCan();
  const [issued, setIssued] = useState<IssuedGiftCard>();
  const [amountError, setAmountError] = useState<string>();

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const amount = Math.round(Number(data.get('amount')) * 100);
    if (!Number.isFinite(amount) || amount < 1) return setAmountError('Enter an amount above 0');
    setAmountError(undefined);
    const recipientEmail = String(data.get('recipientEmail') ?? '').trim();
    const card = await act(() => issue({ amount, ...(recipientEmail ? { recipientEmail } : {}) }).unwrap(), 'Gift card issued');
    if (card) {
      setIssued(card);
      form.reset();
    }
  };

  return (
    <>
      <PageHeader title="Gift cards" />
      {can('orders:refund') && (
        <form onSubmit={submit} className="mb-6 flex flex-wrap items-end gap-3" aria-label="Issue a gift card">
          <Field label="Amount" error={amountError}>
            <input name="amount" type="number" min="0.01" step="0.01" className="input" required />
          </Field>
          <Field label="Recipient e-mail (optional)">
            <input name="recipientEmail" type="email" className="input" />
          </Field>
          <button type="submit" className="btn-primary" disabled={issuing.isLoading}>
            Issue gift card
          </button>
        </form>
      )}
      {issued && (
        <p role="status" className="mb-6 rounded border border-green-300 bg-green-50 p-3 text-sm">
          New card worth {formatMoney(issued.balance)}: <code className="font-bold">{issued.code}</code> — copy it now, it is not shown
          again.
        </p>
      )}
      {isLoading ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="Gift cards"
          rows={cards}
          rowKey={(c) => c.id}
          empty="No gift cards yet."
          columns={[
            // A bought card has no code until it is emailed.
            { header: 'Code', cell: (c) => (c.last4 ? <code>…{c.last4}</code> : 'not sent yet') },
            { header: 'Balance', cell: (c) => formatMoney(c.balance) },
            { header: 'Recipient', cell: (c) => c.recipientEmail ?? '—' },
            { header: 'Source', cell: (c) => <Source card={c} /> },
            { header: 'Expires', cell: (c) => (c.expiresAt ? formatDateTime(c.expiresAt) : 'never') },
            { header: 'Issued', cell: (c) => formatDateTime(c.createdAt) },
          ]}
        />
      )}
    </>
  );
}
