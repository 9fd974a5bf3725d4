import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { setCartOpen } from '../../app/ui.slice';
import { giftCardLine } from '../../components/format';
import { Link } from '../../components/LocaleLink';
import { useFormat } from '../../i18n/useFormat';
import { useCartQuery } from './cart.api';

/**
 * The cart as a side panel after "Add to cart": a modal dialog that takes focus, keeps Tab inside,
 * closes on Escape or the backdrop, and gives focus back to whatever opened it.
 */
export function CartDrawer() {
  const { t } = useTranslation();
  const { money, day } = useFormat();
  const open = useAppSelector((s) => s.ui.cartOpen);
  const dispatch = useAppDispatch();
  const { data: cart } = useCartQuery();
  const panel = useRef<HTMLDivElement>(null);
  const close = () => dispatch(setCartOpen(false));

  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    panel.current?.querySelector<HTMLElement>('button, a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') dispatch(setCartOpen(false));
      if (e.key !== 'Tab' || !panel.current) return;
      const items = [...panel.current.querySelectorAll<HTMLElement>('button, a')];
      const first = items[0];
      const last = items.at(-1);
      const wrapTo =
        e.shiftKey && document.activeElement === first ? last : !e.shiftKey && document.activeElement === last ? first : undefined;
      if (wrapTo) {
        e.preventDefault();
        wrapTo.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [open, dispatch]);

  if (!open) return null;
  return (
    <div className="fixed inset-0 z-40">
      <div className="absolute inset-0 bg-black/30" onClick={close} aria-hidden="true" />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby="cart-drawer-title"
        className="absolute right-0 top-0 flex h-full w-full max-w-sm flex-col bg-white p-4 shadow-xl"
      >
        <div className="flex items-center justify-between">
          <h2 id="cart-drawer-title" className="text-lg font-semibold">
            {t('cart.title')}
          </h2>
          <button type="button" onClick={close} aria-label={t('cart.close')} className="text-2xl leading-none">
            ×
          </button>
        </div>
        <ul className="mt-4 flex-1 divide-y overflow-y-auto" aria-label={t('cart.drawerItems')}>
          {cart?.items.map((i) => (
            <li key={i.id} className="flex justify-between py-2 text-sm">
              <span>
                {i.quantity} × {i.title}
                <span className="block text-xs text-gray-600">{i.variantTitle}</span>
                {i.giftCard && <span className="block text-xs">{giftCardLine(i.giftCard, t, day)}</span>}
              </span>
              <span>{money(i.lineTotal)}</span>
            </li>
          ))}
        </ul>
        {cart && (
          <p className="flex justify-between border-t pt-2 font-semibold">
            <span>{t('common.subtotal')}</span>
            <span>{money(cart.totals.subtotal)}</span>
          </p>
        )}
        <div className="mt-4 grid gap-2">
          <Link to="/checkout" onClick={close} className="rounded bg-gray-900 py-2 text-center text-white">
            {t('common.checkout')}
          </Link>
          <Link to="/cart" onClick={close} className="rounded border py-2 text-center">
            {t('cart.view')}
          </Link>
        </div>
      </div>
    </div>
  );
}
