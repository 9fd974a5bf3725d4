import {
  currencyDigits,
  chosenAmountSchema,
  GIFT_CARD_MESSAGE_MAX,
  GIFT_CARD_SEND_DAYS_AHEAD,
  GiftCardRecipientInput,
  type Money,
} from '@bazaar/shared';
import { useTranslation } from 'react-i18next';
import { parseMoneyInput } from '../../components/format';
import { i18n } from '../../i18n';
import { useFormat } from '../../i18n/useFormat';

/** The recipient fields as typed (and the amount, for a card whose amount the shopper chooses). */
export interface RecipientDraft {
  amount: string;
  recipientEmail: string;
  recipientName: string;
  message: string;
  sendDate: string;
}

export const EMPTY_RECIPIENT: RecipientDraft = { amount: '', recipientEmail: '', recipientName: '', message: '', sendDate: '' };

/** The bounds of a chosen-amount card, as the product page gets them. */
export type ChosenAmount = { min: Money; max: Money };

/** The typed amount in minor units, judged by the shared rule for the product's range; or why not. */
function chosenAmount(typed: string, range: ChosenAmount): { amount: number } | { error: string } {
  const amount = parseMoneyInput(typed, currencyDigits(range.min.currency), i18n.resolvedLanguage ?? 'en');
  if (amount === undefined) return { error: typed.trim() ? i18n.t('giftCard.enterAmountLike') : i18n.t('giftCard.enterAmount') };
  const judged = chosenAmountSchema({ min: range.min.amount, max: range.max.amount }, range.min.currency).safeParse(amount);
  return judged.success ? { amount } : { error: judged.error.issues[0]!.message };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A day in the shopper's own calendar, as `YYYY-MM-DD`. */
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The days the shopper may pick: today (their today) up to a year ahead; the server allows the same. */
export function sendDateRange(now = new Date()) {
  const max = new Date(now);
  max.setDate(max.getDate() + GIFT_CARD_SEND_DAYS_AHEAD);
  return { min: localDay(now), max: localDay(max) };
}

/**
 * The recipient as the API takes it (empty optional fields left out), or the messages per field.
 * The shared schema checks the email and the message (and a chosen amount against its range); the
 * day must fall in `sendDateRange`.
 */
export function toRecipient(
  draft: RecipientDraft,
  now = new Date(),
  range?: ChosenAmount,
): { ok: true; recipient: GiftCardRecipientInput } | { ok: false; errors: Partial<Record<keyof RecipientDraft, string>> } {
  const { amount: typedAmount, ...fields } = draft;
  const candidate: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
  const errors: Partial<Record<keyof RecipientDraft, string>> = {};
  if (range) {
    const chosen = chosenAmount(typedAmount, range);
    if ('error' in chosen) errors.amount = chosen.error;
    else candidate.amount = chosen.amount;
  }
  if (!draft.recipientEmail.trim()) errors.recipientEmail = i18n.t('giftCard.enterRecipientEmail');
  const parsed = GiftCardRecipientInput.safeParse(candidate);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as keyof RecipientDraft] ??= issue.message;
  const { min, max } = sendDateRange(now);
  if (draft.sendDate && !errors.sendDate && (draft.sendDate < min || draft.sendDate > max))
    errors.sendDate = i18n.t('giftCard.sendDateRange', { days: GIFT_CARD_SEND_DAYS_AHEAD });
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, recipient: parsed.data };
}

const FIELD_IDS: Record<keyof RecipientDraft, string> = {
  amount: 'gift-amount',
  recipientEmail: 'gift-recipient-email',
  recipientName: 'gift-recipient-name',
  message: 'gift-message',
  sendDate: 'gift-send-date',
};

type Errors = Partial<Record<keyof RecipientDraft, string>>;

/** One field: its label, the control, an optional hint and the error (announced), tied to the control. */
function Row({
  field,
  label,
  hint,
  errors,
  control,
}: {
  field: keyof RecipientDraft;
  label: string;
  hint?: string;
  errors: Errors;
  control: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode;
}) {
  const id = FIELD_IDS[field];
  const describedBy = [hint ? `${id}-hint` : undefined, errors[field] ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {control({ id, 'aria-invalid': !!errors[field], ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-gray-600">
          {hint}
        </p>
      )}
      {errors[field] && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {errors[field]}
        </p>
      )}
    </div>
  );
}

/** Who a gift card is for (and how much, when the shopper chooses): shown on a gift-card product page, filled in before "Add to cart". */
export function GiftCardFields({
  value,
  errors,
  onChange,
  range,
}: {
  value: RecipientDraft;
  errors: Errors;
  onChange: (next: RecipientDraft) => void;
  range?: ChosenAmount;
}) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { min, max } = sendDateRange();
  const set = (key: keyof RecipientDraft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    onChange({ ...value, [key]: e.target.value });
  const input = 'mt-1 w-full rounded border p-2';
  return (
    <fieldset className="space-y-3 rounded border p-3">
      <legend className="px-1 text-sm font-medium">{t('giftCard.legend')}</legend>
      {range && (
        <Row
          field="amount"
          label={t('giftCard.amount', { currency: range.min.currency })}
          hint={t('giftCard.amountRange', { min: money(range.min), max: money(range.max) })}
          errors={errors}
          control={(a11y) => (
            <input
              {...a11y}
              inputMode="decimal"
              required
              autoComplete="off"
              value={value.amount}
              onChange={set('amount')}
              className="mt-1 w-40 rounded border p-2"
            />
          )}
        />
      )}
      <Row
        field="recipientEmail"
        label={t('giftCard.recipientEmail')}
        errors={errors}
        control={(a11y) => (
          <input
            {...a11y}
            type="email"
            required
            autoComplete="off"
            value={value.recipientEmail}
            onChange={set('recipientEmail')}
            className={input}
          />
        )}
      />
      <Row
        field="recipientName"
        label={t('giftCard.recipientName')}
        errors={errors}
        control={(a11y) => (
          <input {...a11y} maxLength={100} value={value.recipientName} onChange={set('recipientName')} className={input} />
        )}
      />
      <Row
        field="message"
        label={t('giftCard.message')}
        hint={`${value.message.length}/${GIFT_CARD_MESSAGE_MAX}`}
        errors={errors}
        control={(a11y) => (
          <textarea {...a11y} maxLength={GIFT_CARD_MESSAGE_MAX} value={value.message} onChange={set('message')} className={input} />
        )}
      />
      <Row
        field="sendDate"
        label={t('giftCard.sendDate')}
        hint={t('giftCard.sendDateHint')}
        errors={errors}
        control={(a11y) => (
          <input
            {...a11y}
            type="date"
            min={min}
            max={max}
            value={value.sendDate}
            onChange={set('sendDate')}
            className="mt-1 rounded border p-2"
          />
        )}
      />
    </fieldset>
  );
}
