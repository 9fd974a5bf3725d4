import { CheckoutRequest, formatMoney, type GiftCardBalance, type Money } from '@bazaar/shared';
import { useState } from 'react';
import { toFriendlyError } from '../../api/errors';
import { useLookupGiftCardMutation } from './checkout.api';

/** A gift card the shopper applied: the code as typed (sent with the checkout) and what the look-up said. */
export interface AppliedGiftCard extends GiftCardBalance {
  code: string;
}

const UNKNOWN_CODE = 'We do not know this gift card code, or the card has expired. Check the code and try again.';
/** The server compares codes without case or dashes: so does the check for a card applied twice. */
const sameCode = (a: string, b: string) => a.replace(/-/g, '').toUpperCase() === b.replace(/-/g, '').toUpperCase();

/**
 * What the balances would pay on this cart: each card up to its balance, then store credit, never more
 * than the total. An estimate: shipping and tax come at checkout, and the server's figures are the ones that count.
 */
export function tenderEstimate(cards: AppliedGiftCard[], storeCredit: Money | undefined, total: Money): Money {
  const available = cards.reduce((sum, c) => sum + c.balance.amount, 0) + (storeCredit?.amount ?? 0);
  return { amount: Math.max(0, Math.min(available, total.amount)), currency: total.currency };
}

export interface TenderSectionProps {
  cards: AppliedGiftCard[];
  onCardsChange: (cards: AppliedGiftCard[]) => void;
  /** The signed-in shopper's store credit; undefined for guests. */
  storeCredit?: Money;
  useStoreCredit: boolean;
  onUseStoreCreditChange: (use: boolean) => void;
  /** The cart's total, which the estimate never exceeds. */
  total?: Money;
}

/** "Gift card or store credit" in the order summary: look up and apply cards, opt in to store credit. */
export function TenderSection({ cards, onCardsChange, storeCredit, useStoreCredit, onUseStoreCreditChange, total }: TenderSectionProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [lookup, { isLoading }] = useLookupGiftCardMutation();
  const hasCredit = !!storeCredit && storeCredit.amount > 0;
  const estimate = total && tenderEstimate(cards, useStoreCredit && hasCredit ? storeCredit : undefined, total);

  const apply = async () => {
    const typed = code.trim();
    if (!typed) return;
    setError(undefined);
    if (cards.some((c) => sameCode(c.code, typed))) return setError('This gift card is already applied.');
    // The shared checkout schema says how many cards an order takes and what a code looks like.
    const allowed = CheckoutRequest.shape.giftCardCodes.safeParse([...cards.map((c) => c.code), typed]);
    if (!allowed.success)
      return setError(allowed.error.issues.some((i) => i.path.length === 0) ? 'This order cannot take more gift cards.' : UNKNOWN_CODE);
    try {
      const card = await lookup(typed).unwrap();
      onCardsChange([...cards, { ...card, code: typed }]);
      setCode('');
    } catch (err) {
      const friendly = toFriendlyError(err);
      setError(friendly.code === 'NOT_FOUND' ? UNKNOWN_CODE : friendly.message);
    }
  };

  return (
    <section aria-labelledby="tender-heading" className="space-y-2 border-t pt-2">
      <h3 id="tender-heading" className="font-medium">
        Gift card or store credit
      </h3>
      <div>
        <label htmlFor="gift-card-code" className="block text-sm">
          Gift card code
        </label>
        <div className="mt-1 flex gap-2">
          <input
            id="gift-card-code"
            autoComplete="off"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            // Enter applies the card here instead of placing the order.
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void apply();
            }}
            aria-invalid={!!error}
            aria-describedby={error ? 'gift-card-error' : undefined}
            className="w-full min-w-0 rounded border p-2"
          />
          <button type="button" onClick={apply} disabled={isLoading || !code.trim()} className="rounded border px-3">
            Apply
          </button>
        </div>
        {error && (
          <p id="gift-card-error" role="alert" className="text-red-700">
            {error}
          </p>
        )}
      </div>
      {cards.length > 0 && (
        <ul aria-label="Applied gift cards" className="space-y-1">
          {cards.map((c) => (
            <li key={c.code} className="flex items-center justify-between gap-2">
              <span>{`Gift card ending ${c.last4}: balance ${formatMoney(c.balance)}`}</span>
              <button
                type="button"
                aria-label={`Remove the gift card ending ${c.last4}`}
                onClick={() => onCardsChange(cards.filter((other) => other !== c))}
                className="underline"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {hasCredit && (
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={useStoreCredit} onChange={(e) => onUseStoreCreditChange(e.target.checked)} />
          {`Use my store credit (balance ${formatMoney(storeCredit)})`}
        </label>
      )}
      {estimate && estimate.amount > 0 && (
        <div>
          <p data-testid="tender-estimate" className="flex justify-between font-medium">
            <span>Gift cards and credit:</span>
            <span>−{formatMoney(estimate)}</span>
          </p>
          <p className="text-xs text-gray-600">An estimate: the exact amount is worked out when you place the order.</p>
        </div>
      )}
    </section>
  );
}
