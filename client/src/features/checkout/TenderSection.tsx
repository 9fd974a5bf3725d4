import { CheckoutRequest, type GiftCardBalance, type Money } from '@bazaar/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { useFormat } from '../../i18n/useFormat';
import { useLookupGiftCardMutation } from './checkout.api';

/** A gift card the shopper applied: the code as typed (sent with the checkout) and what the look-up said. */
export interface AppliedGiftCard extends GiftCardBalance {
  code: string;
}

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
  const { t } = useTranslation();
  const { money } = useFormat();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const unknownCode = t('tender.unknownCode');
  const [lookup, { isLoading }] = useLookupGiftCardMutation();
  const hasCredit = !!storeCredit && storeCredit.amount > 0;
  const estimate = total && tenderEstimate(cards, useStoreCredit && hasCredit ? storeCredit : undefined, total);

  const apply = async () => {
    const typed = code.trim();
    if (!typed) return;
    setError(undefined);
    if (cards.some((c) => sameCode(c.code, typed))) return setError(t('tender.alreadyApplied'));
    // The shared checkout schema says how many cards an order takes and what a code looks like.
    const allowed = CheckoutRequest.shape.giftCardCodes.safeParse([...cards.map((c) => c.code), typed]);
    if (!allowed.success) return setError(allowed.error.issues.some((i) => i.path.length === 0) ? t('tender.tooMany') : unknownCode);
    try {
      const card = await lookup(typed).unwrap();
      onCardsChange([...cards, { ...card, code: typed }]);
      setCode('');
    } catch (err) {
      const friendly = toFriendlyError(err);
      setError(friendly.code === 'NOT_FOUND' ? unknownCode : friendly.message);
    }
  };

  return (
    <section aria-labelledby="tender-heading" className="space-y-2 border-t pt-2">
      <h3 id="tender-heading" className="font-medium">
        {t('tender.heading')}
      </h3>
      <div>
        <label htmlFor="gift-card-code" className="block text-sm">
          {t('tender.code')}
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
            {t('common.apply')}
          </button>
        </div>
        {error && (
          <p id="gift-card-error" role="alert" className="text-red-700">
            {error}
          </p>
        )}
      </div>
      {cards.length > 0 && (
        <ul aria-label={t('tender.applied')} className="space-y-1">
          {cards.map((c) => (
            <li key={c.code} className="flex items-center justify-between gap-2">
              <span>{t('tender.card', { last4: c.last4, balance: money(c.balance) })}</span>
              <button
                type="button"
                aria-label={t('tender.removeCard', { last4: c.last4 })}
                onClick={() => onCardsChange(cards.filter((other) => other !== c))}
                className="underline"
              >
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {hasCredit && (
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={useStoreCredit} onChange={(e) => onUseStoreCreditChange(e.target.checked)} />
          {t('tender.useCredit', { balance: money(storeCredit) })}
        </label>
      )}
      {estimate && estimate.amount > 0 && (
        <div>
          <p data-testid="tender-estimate" className="flex justify-between font-medium">
            <span>{t('tender.estimate')}</span>
            <span>−{money(estimate)}</span>
          </p>
          <p className="text-xs text-gray-600">{t('tender.estimateNote')}</p>
        </div>
      )}
    </section>
  );
}
