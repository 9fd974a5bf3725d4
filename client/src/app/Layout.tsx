import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useMeQuery } from '../features/account/account.api';
import { useCategoriesQuery } from '../features/catalog/catalog.api';
import { useCartQuery } from '../features/cart/cart.api';
import { CartDrawer } from '../features/cart/CartDrawer';
import { SearchBox } from '../features/search/SearchBox';
import { tracker } from '../features/consent/analytics';
import { ConsentBanner } from '../features/consent/ConsentBanner';
import { OfflineBanner, Toasts } from './Toasts';

export function Layout() {
  const { data: categories = [] } = useCategoriesQuery();
  const { data: cart } = useCartQuery();
  const { data: me } = useMeQuery();
  const { pathname } = useLocation();
  useEffect(() => tracker.page(pathname), [pathname]);
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only">
        Skip to content
      </a>
      <OfflineBanner />
      <header className="border-b">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link to="/" className="text-xl font-bold">
            Bazaar
          </Link>
          <SearchBox />
          <nav aria-label="Account" className="ml-auto flex items-center gap-4 text-sm">
            {me ? <Link to="/account">{me.name || 'Account'}</Link> : <Link to="/login">Sign in</Link>}
            <Link to="/cart" aria-label={`Cart, ${cart?.itemCount ?? 0} items`} className="rounded bg-gray-900 px-3 py-1.5 text-white">
              Cart ({cart?.itemCount ?? 0})
            </Link>
          </nav>
        </div>
        <nav aria-label="Categories" className="mx-auto flex max-w-6xl gap-4 overflow-x-auto px-4 pb-2 text-sm">
          {categories.map((c) => (
            <NavLink key={c.id} to={`/c/${c.slug}`} className={({ isActive }) => (isActive ? 'font-semibold underline' : '')}>
              {c.name}
            </NavLink>
          ))}
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <Suspense fallback={<p>Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="border-t py-6 text-center text-xs text-gray-500">Bazaar — open-source commerce</footer>
      <CartDrawer />
      <ConsentBanner />
      <Toasts />
    </div>
  );
}
