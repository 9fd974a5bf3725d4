import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { Field } from '../ui';

/** The gift-card part of the product form, as typed. */
export interface GiftCardDraft {
  giftCard: boolean;
  /** The shopper chooses the amount (within min..max) instead of buying the variants' fixed amounts. */
  chosenAmount: boolean;
  amountMin: string;
  amountMax: string;
}

export const giftCardDraft = (p?: { giftCard: boolean; chosenAmount: { min: number; max: number } | null }): GiftCardDraft => ({
  giftCard: p?.giftCard ?? false,
  chosenAmount: !!p?.chosenAmount,
  amountMin: p?.chosenAmount ? toMoneyInput(p.chosenAmount.min) : '',
  amountMax: p?.chosenAmount ? toMoneyInput(p.chosenAmount.max) : '',
});

/**
 * The API's `giftCard` and `chosenAmount` (minor units; null for fixed amounts), or the messages of
 * the amounts that are not amounts. The range itself (min ≤ max, the most a card may be) is the
 * shared schema's to judge when the form is parsed.
 */
export function giftCardFields(
  d: GiftCardDraft,
):
  | { ok: true; fields: { giftCard: boolean; chosenAmount: { min: number; max: number } | null } }
  | { ok: false; errors: Record<string, string> } {
  if (!d.giftCard || !d.chosenAmount) return { ok: true, fields: { giftCard: d.giftCard, chosenAmount: null } };
  const min = parseMoneyInput(d.amountMin);
  const max = parseMoneyInput(d.amountMax);
  const errors: Record<string, string> = {};
  if (min === undefined) errors['chosenAmount.min'] = 'Enter an amount like 10.00';
  if (max === undefined) errors['chosenAmount.max'] = 'Enter an amount like 500.00';
  if (min === undefined || max === undefined) return { ok: false, errors };
  return { ok: true, fields: { giftCard: true, chosenAmount: { min, max } } };
}

/** Gift card or not; and for a gift card, fixed amounts (its variants) or an amount the shopper chooses between two bounds. */
export function GiftCardSettings({
  value,
  errors,
  currency,
  onChange,
}: {
  value: GiftCardDraft;
  errors: Record<string, string>;
  currency: string;
  onChange: (next: GiftCardDraft) => void;
}) {
  const set = <K extends keyof GiftCardDraft>(key: K, v: GiftCardDraft[K]) => onChange({ ...value, [key]: v });
  return (
    <div className="space-y-2">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={value.giftCard} onChange={(e) => set('giftCard', e.target.checked)} />
        <span>
          <span className="block font-medium">Gift card</span>
          <span className="block text-xs text-gray-500">
            Each variant&apos;s price is a card&apos;s amount; always in stock; shoppers name the recipient.
          </span>
        </span>
      </label>
      {value.giftCard && (
        <fieldset className="space-y-2 rounded border p-2">
          <legend className="px-1 text-sm font-medium">Amount</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" checked={value.chosenAmount} onChange={(e) => set('chosenAmount', e.target.checked)} />
            <span>
              <span className="block font-medium">Shoppers choose the amount</span>
              <span className="block text-xs text-gray-500">Between the two amounts below; otherwise the variants&apos; prices.</span>
            </span>
          </label>
          {value.chosenAmount && (
            <div className="grid grid-cols-2 gap-2">
              <Field label={`Smallest amount (${currency})`} error={errors['chosenAmount.min'] ?? errors.chosenAmount}>
                <input className="input" inputMode="decimal" value={value.amountMin} onChange={(e) => set('amountMin', e.target.value)} />
              </Field>
              <Field label={`Largest amount (${currency})`} error={errors['chosenAmount.max']}>
                <input className="input" inputMode="decimal" value={value.amountMax} onChange={(e) => set('amountMax', e.target.value)} />
              </Field>
            </div>
          )}
        </fieldset>
      )}
    </div>
  );
}
