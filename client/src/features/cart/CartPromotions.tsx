import type { Cart } from '@bazaar/shared';
import { useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { useAppDispatch } from '../../app/hooks';
import { toast } from '../../app/ui.slice';
import { useFormat } from '../../i18n/useFormat';
import { useRemovePromotionCodeMutation } from './cart.api';

/** The promotions the server applied (what each took off which items) and the codes entered, each removable. */
export function CartPromotions({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const [removeCode] = useRemovePromotionCodeMutation();
  const dispatch = useAppDispatch();
  const promotions = cart.promotions ?? [];
  const codes = cart.promotionCodes ?? [];
  if (!promotions.length && !codes.length) return null;
  const titleOf = (itemId: string) => cart.items.find((i) => i.id === itemId)?.title ?? '';
  const remove = async (code: string) => {
    try {
      await removeCode(code).unwrap();
    } catch (err) {
      dispatch(toast('error', toFriendlyError(err).message));
    }
  };
  return (
    <section aria-label={t('cart.promotions')} className="space-y-2 text-sm">
      {promotions.length > 0 && (
        <ul className="space-y-1">
          {promotions.map((p) => (
            <li key={p.id} className="text-green-700">
              <span className="font-medium">{p.name}</span>
              {p.discount.amount > 0 && <> −{money(p.discount)}</>}
              {p.freeShipping && <> · {t('cart.freeShipping')}</>}
              {p.items.length > 0 && (
                <span className="block text-xs text-gray-600">
                  {t('cart.promotionOn', { items: p.items.map((i) => `${titleOf(i.itemId)} (−${money(i.discount)})`).join(', ') })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {codes.length > 0 && (
        <ul aria-label={t('cart.codes')} className="flex flex-wrap gap-2">
          {codes.map((code) => (
            <li key={code} className="rounded border px-2 py-0.5 font-mono">
              {code}{' '}
              <button type="button" className="underline" aria-label={t('cart.removeCode', { code })} onClick={() => remove(code)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
