import { formatMoney, type Cart } from '@bazaar/shared';
import { toFriendlyError } from '../../api/errors';
import { useAppDispatch } from '../../app/hooks';
import { toast } from '../../app/ui.slice';
import { useRemovePromotionCodeMutation } from './cart.api';

/** The promotions the server applied (what each took off which items) and the codes entered, each removable. */
export function CartPromotions({ cart }: { cart: Cart }) {
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
    <section aria-label="Promotions" className="space-y-2 text-sm">
      {promotions.length > 0 && (
        <ul className="space-y-1">
          {promotions.map((p) => (
            <li key={p.id} className="text-green-700">
              <span className="font-medium">{p.name}</span>
              {p.discount.amount > 0 && <> −{formatMoney(p.discount)}</>}
              {p.freeShipping && <> · free shipping</>}
              {p.items.length > 0 && (
                <span className="block text-xs text-gray-600">
                  on {p.items.map((i) => `${titleOf(i.itemId)} (−${formatMoney(i.discount)})`).join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {codes.length > 0 && (
        <ul aria-label="Codes" className="flex flex-wrap gap-2">
          {codes.map((code) => (
            <li key={code} className="rounded border px-2 py-0.5 font-mono">
              {code}{' '}
              <button type="button" className="underline" aria-label={`Remove code ${code}`} onClick={() => remove(code)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
