import type { Return, Returnability, ReturnKind, ReturnRequest } from '@bazaar/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { useAppDispatch } from '../../app/hooks';
import { toastFor } from '../../app/ui.slice';
import { useFormat } from '../../i18n/useFormat';
import { useAddReturnPhotosMutation, useOrderReturnsQuery, useRequestReturnMutation, useWithdrawReturnMutation } from './returns.api';

/**
 * The order's returns and claims, and the form to ask for one when the server says something may
 * come back. Follows the order's room live: any change to one of its returns refetches the section.
 */
export function ReturnsSection({ orderId, token }: { orderId: string; token?: string }) {
  const { t } = useTranslation();
  const { date } = useFormat();
  const { data, error } = useOrderReturnsQuery({ orderId, token });
  // Kept here, not in the form: asking for the last units leaves nothing to return, and the form goes away.
  const [sent, setSent] = useState<Return>();
  return (
    <section aria-labelledby="returns-heading" className="space-y-3">
      <h2 id="returns-heading" className="text-lg font-semibold">
        {t('returns.title')}
      </h2>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {toFriendlyError(error).message}
        </p>
      ) : !data ? (
        <p className="text-sm">{t('common.loading')}</p>
      ) : (
        <>
          {data.returns.length > 0 && (
            <ul className="space-y-3">
              {data.returns.map((r) => (
                <ReturnItem key={r.id} r={r} orderId={orderId} token={token} />
              ))}
            </ul>
          )}
          {data.blocked && <p className="text-sm text-gray-700">{data.blocked}</p>}
          {data.windowEndsAt && <p className="text-sm text-gray-600">{t('returns.windowUntil', { date: date(data.windowEndsAt) })}</p>}
          {sent && (
            <p role="status" className="text-sm text-green-800">
              {t('returns.sent', { number: sent.number })}
            </p>
          )}
          {data.lines.some((l) => l.returnable > 0 || l.claimable > 0) ? (
            <ReturnForm data={data} orderId={orderId} token={token} onSent={setSent} />
          ) : (
            !data.blocked && <p className="text-sm text-gray-600">{t('returns.nothingReturnable')}</p>
          )}
        </>
      )}
    </section>
  );
}

function ReturnItem({ r, orderId, token }: { r: Return; orderId: string; token?: string }) {
  const { t } = useTranslation();
  const [withdraw, { isLoading }] = useWithdrawReturnMutation();
  const dispatch = useAppDispatch();
  return (
    <li className="space-y-1 rounded border p-3 text-sm" aria-label={t('returns.item', { number: r.number })}>
      <h3 className="font-medium">
        {r.number} · {t(`returns.kind.${r.kind}`)} · <span data-testid="return-status">{t(`returns.status.${r.status}`)}</span>
      </h3>
      <ul>
        {r.lines.map((l) => (
          <li key={l.id}>
            {l.quantity} × {l.title} {l.variantTitle && <span className="text-gray-600">{l.variantTitle}</span>}
          </li>
        ))}
      </ul>
      <p className="text-gray-700">
        {t('returns.reasonLine', { reason: r.reason })}
        {r.note && ` — ${r.note}`}
      </p>
      {r.staffNote && <p>{t('returns.fromShop', { note: r.staffNote })}</p>}
      {r.refund && <RefundSummary refund={r.refund} />}
      {r.replacementOrder && (
        <p>
          {r.kind === 'exchange' ? t('returns.newItems') : t('returns.replacement')}: {t('returns.order')}{' '}
          <a className="underline" href={`/orders/${r.replacementOrder.id}${token ? `?token=${encodeURIComponent(token)}` : ''}`}>
            {r.replacementOrder.number}
          </a>
        </p>
      )}
      {r.photos.length > 0 && (
        <ul className="flex gap-2" aria-label={t('returns.photos')}>
          {r.photos.map((url) => (
            <li key={url}>
              <img src={url} alt="" width={64} height={64} className="h-16 w-16 rounded object-cover" />
            </li>
          ))}
        </ul>
      )}
      {r.allowedActions.includes('cancel') && <PhotoUpload r={r} orderId={orderId} token={token} />}
      {r.allowedActions.includes('cancel') && (
        <button
          type="button"
          className="btn"
          disabled={isLoading}
          onClick={() =>
            withdraw({ returnId: r.id, orderId, token })
              .unwrap()
              .catch((err: unknown) => dispatch(toastFor(err)))
          }
        >
          {t('returns.withdraw')}
        </button>
      )}
    </li>
  );
}

function RefundSummary({ refund }: { refund: NonNullable<Return['refund']> }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const parts = [
    refund.original.amount > 0 && t('returns.refundOriginal', { amount: money(refund.original) }),
    refund.storeCredit.amount > 0 && t('returns.refundCredit', { amount: money(refund.storeCredit) }),
  ].filter(Boolean);
  const fees = [
    refund.shippingFee.amount > 0 && t('returns.feeShipping', { amount: money(refund.shippingFee) }),
    refund.restockingFee.amount > 0 && t('returns.feeRestocking', { amount: money(refund.restockingFee) }),
  ].filter(Boolean);
  const and = t('returns.and');
  return (
    <p data-testid="return-refund">
      {t('returns.refunded', { parts: parts.length ? parts.join(and) : t('returns.refundedNothing') })}
      {fees.length > 0 && t('returns.less', { fees: fees.join(and) })}.
    </p>
  );
}

interface FormErrors {
  form?: string;
  reason?: string;
  lines: Record<string, string>;
}

function ReturnForm({
  data,
  orderId,
  token,
  onSent,
}: {
  data: Returnability;
  orderId: string;
  token?: string;
  onSent: (sent: Return) => void;
}) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const canReturn = data.lines.some((l) => l.returnable > 0);
  const canExchange = data.lines.some((l) => l.returnable > 0 && l.exchangeOptions.length > 0);
  // For an exchange: the variant each chosen line is swapped for (the first option unless changed).
  const [swaps, setSwaps] = useState<Record<string, string>>({});
  const [chosen, setKind] = useState<ReturnKind>(canReturn ? 'return' : 'claim');
  // What was chosen may no longer be possible once the section refetches (the last returnable unit asked for).
  const kind = chosen !== 'claim' && !canReturn ? 'claim' : chosen === 'exchange' && !canExchange ? 'return' : chosen;
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ lines: {} });
  const [request, { isLoading }] = useRequestReturnMutation();
  const most = (l: Returnability['lines'][number]) =>
    kind === 'claim' ? l.claimable : kind === 'exchange' && !l.exchangeOptions.length ? 0 : l.returnable;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const lines = data.lines
      .map((l) => ({ itemId: l.itemId, quantity: Math.min(quantities[l.itemId] ?? 0, most(l)) }))
      .filter((l) => l.quantity > 0);
    const found: FormErrors = { lines: {} };
    if (!lines.length) found.form = t('returns.chooseItem');
    if (!reason) found.reason = t('returns.chooseReason');
    setErrors(found);
    if (found.form || found.reason) return;
    const exchange =
      kind === 'exchange'
        ? lines.map((l) => ({
            variantId: swaps[l.itemId] ?? data.lines.find((x) => x.itemId === l.itemId)!.exchangeOptions[0]!.variantId,
            quantity: l.quantity,
          }))
        : undefined;
    const body: ReturnRequest = { kind, lines, reason, ...(note.trim() ? { note: note.trim() } : {}), ...(exchange ? { exchange } : {}) };
    try {
      onSent(await request({ orderId, token, body }).unwrap());
      setQuantities({});
      setReason('');
      setNote('');
    } catch (err) {
      const friendly = toFriendlyError(err);
      // The server names the lines by their place in what was sent (`lines.0.quantity`).
      const byLine = Object.fromEntries(
        lines.flatMap((l, i) => {
          const message = friendly.fields[`lines.${i}.quantity`] ?? friendly.fields[`lines.${i}.itemId`];
          return message ? [[l.itemId, message]] : [];
        }),
      );
      setErrors({ form: friendly.message, reason: friendly.fields.reason, lines: byLine });
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded border p-3" aria-labelledby="return-form-heading">
      <h3 id="return-form-heading" className="font-medium">
        {t('returns.formTitle')}
      </h3>
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">{t('returns.what')}</legend>
        {(
          [
            ['return', canReturn],
            ['exchange', canExchange],
            ['claim', data.lines.some((l) => l.claimable > 0)],
          ] as const
        ).map(([value, possible]) => (
          <label key={value} className="flex items-center gap-1">
            <input
              type="radio"
              name="kind"
              value={value}
              checked={kind === value}
              disabled={!possible}
              onChange={() => {
                setKind(value);
                setQuantities({});
              }}
            />
            {t(`returns.kinds.${value}`)}
          </label>
        ))}
      </fieldset>
      <ul className="space-y-2 text-sm">
        {data.lines.map((l) => {
          const max = most(l);
          const name = `${l.title}${l.variantTitle ? ` (${l.variantTitle})` : ''}`;
          return (
            <li key={l.itemId} className="flex flex-wrap items-center justify-between gap-2">
              <label htmlFor={`return-qty-${l.itemId}`}>
                {name}
                <span className="block text-xs text-gray-600">
                  {l.finalSale && kind !== 'claim'
                    ? t('catalog.finalSale')
                    : max > 0
                      ? t('returns.upTo', { count: max })
                      : t(`returns.nothingLeft.${kind}`)}
                </span>
              </label>
              <input
                id={`return-qty-${l.itemId}`}
                type="number"
                min={0}
                max={max}
                disabled={max === 0}
                className="input w-20"
                value={Math.min(quantities[l.itemId] ?? 0, max)}
                onChange={(e) => setQuantities({ ...quantities, [l.itemId]: Math.max(0, Math.min(max, Number(e.target.value) || 0)) })}
              />
              {kind === 'exchange' && max > 0 && (
                <label className="flex w-full items-center gap-2 text-xs">
                  {t('returns.exchangeFor')}
                  <select
                    className="input"
                    value={swaps[l.itemId] ?? l.exchangeOptions[0]!.variantId}
                    onChange={(e) => setSwaps({ ...swaps, [l.itemId]: e.target.value })}
                  >
                    {l.exchangeOptions.map((o) => (
                      <option key={o.variantId} value={o.variantId}>
                        {o.title} — {money(o.price)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {errors.lines[l.itemId] && (
                <span role="alert" className="w-full text-xs text-red-700">
                  {errors.lines[l.itemId]}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <div className="text-sm">
        <label htmlFor="return-reason" className="mb-1 block font-medium">
          {t('returns.reason')}
        </label>
        <select
          id="return-reason"
          className="input"
          value={reason}
          aria-invalid={!!errors.reason}
          aria-describedby={errors.reason ? 'return-reason-error' : undefined}
          onChange={(e) => setReason(e.target.value)}
        >
          <option value="">{t('returns.reasonPlaceholder')}</option>
          {data.reasons.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        {errors.reason && (
          <span id="return-reason-error" role="alert" className="mt-0.5 block text-xs text-red-700">
            {errors.reason}
          </span>
        )}
      </div>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{t('returns.note')}</span>
        <textarea className="input" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {errors.form && (
        <p role="alert" className="text-sm text-red-700">
          {errors.form}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={isLoading}>
        {kind === 'claim' ? t('returns.report') : t('returns.ask')}
      </button>
    </form>
  );
}

/** Up to five photos of the problem while the request waits; the server checks each is an image. */
function PhotoUpload({ r, orderId, token }: { r: Return; orderId: string; token?: string }) {
  const { t } = useTranslation();
  const [add, { isLoading }] = useAddReturnPhotosMutation();
  const [error, setError] = useState<string>();
  const id = `return-photos-${r.id}`;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block">
        {t('returns.addPhotos', { count: 5 - r.photos.length })}
      </label>
      <input
        id={id}
        type="file"
        accept="image/*"
        multiple
        disabled={isLoading || r.photos.length >= 5}
        onChange={async (e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (!files.length) return;
          setError(undefined);
          try {
            await add({ returnId: r.id, orderId, token, files }).unwrap();
          } catch (err) {
            setError(toFriendlyError(err).message);
          }
        }}
      />
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
