import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Link, NavLink } from '../components/LocaleLink';
import { useMeQuery } from '../features/account/account.api';
import { useCategoriesQuery } from '../features/catalog/catalog.api';
import { useCartQuery } from '../features/cart/cart.api';
import { CartDrawer } from '../features/cart/CartDrawer';
import { SearchBox } from '../features/search/SearchBox';
import { tracker } from '../features/consent/analytics';
import { ConsentBanner } from '../features/consent/ConsentBanner';
import { ReauthDialog } from '../features/account/ReauthDialog';
import { LocaleSync } from '../features/markets/LocaleSync';
import { MarketSwitcher } from '../features/markets/MarketSwitcher';
import { OfflineBanner, Toasts } from './Toasts';

/** A storefront address that names no page. */
export function NotFound() {
  const { t } = useTranslation();
  return <p>{t('common.notFound')}</p>;
}

export function Layout() {
  const { t } = useTranslation();
  const { data: categories = [] } = useCategoriesQuery();
  const { data: cart } = useCartQuery();
  const { data: me } = useMeQuery();
  const { pathname } = useLocation();
  useEffect(() => tracker.page(pathname), [pathname]);
  const count = cart?.itemCount ?? 0;
  return (
    <div className="flex min-h-screen flex-col">
      <LocaleSync />
      <a href="#main" className="sr-only focus:not-sr-only">
        {t('layout.skipToContent')}
      </a>
      <OfflineBanner />
      <header className="border-b">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link to="/" className="text-xl font-bold">
            Bazaar
          </Link>
          <SearchBox />
          <nav aria-label={t('layout.accountNav')} className="ml-auto flex items-center gap-4 text-sm">
            <MarketSwitcher />
            {me ? <Link to="/account">{me.name || t('layout.account')}</Link> : <Link to="/login">{t('common.signIn')}</Link>}
            <Link to="/cart" aria-label={t('layout.cartLabel', { count })} className="rounded bg-gray-900 px-3 py-1.5 text-white">
              {t('layout.cartButton', { count })}
            </Link>
          </nav>
        </div>
        <nav aria-label={t('layout.categoriesNav')} className="mx-auto flex max-w-6xl gap-4 overflow-x-auto px-4 pb-2 text-sm">
          {categories.map((c) => (
            <NavLink key={c.id} to={`/c/${c.slug}`} className={({ isActive }) => (isActive ? 'font-semibold underline' : '')}>
              {c.name}
            </NavLink>
          ))}
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="border-t py-6 text-center text-xs text-gray-500">{t('layout.footer')}</footer>
      <CartDrawer />
      <ConsentBanner />
      <Toasts />
      <ReauthDialog />
    </div>
  );
}
