import type { Permission } from '@bazaar/shared';
import { Suspense, useEffect } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { Toasts } from '../../app/Toasts';
import { FALLBACK_LANGUAGE, setLanguage } from '../../i18n';
import { useLogoutMutation, useMeQuery } from '../account/account.api';
import { ReauthDialog } from '../account/ReauthDialog';
import { useCan } from './ui';

/** The staff screens and the permission each needs; the menu shows only what the role may use. */
const NAV: { to: string; label: string; permission: Permission }[] = [
  { to: '/admin', label: 'Dashboard', permission: 'reports:read' },
  { to: '/admin/orders', label: 'Orders', permission: 'orders:read' },
  { to: '/admin/returns', label: 'Returns', permission: 'orders:read' },
  { to: '/admin/products', label: 'Products', permission: 'catalog:write' },
  { to: '/admin/categories', label: 'Categories', permission: 'catalog:write' },
  { to: '/admin/inventory', label: 'Inventory', permission: 'inventory:write' },
  { to: '/admin/pricing', label: 'Coupons, shipping, tax', permission: 'settings:write' },
  { to: '/admin/promotions', label: 'Promotions', permission: 'settings:write' },
  { to: '/admin/customer-groups', label: 'Customer groups', permission: 'settings:write' },
  { to: '/admin/markets', label: 'Markets', permission: 'settings:write' },
  { to: '/admin/api-keys', label: 'API keys', permission: 'settings:write' },
  { to: '/admin/webhooks', label: 'Webhooks', permission: 'settings:write' },
  { to: '/admin/customers', label: 'Customers', permission: 'customers:read' },
  { to: '/admin/gift-cards', label: 'Gift cards', permission: 'orders:read' },
  { to: '/admin/draft-orders', label: 'Draft orders', permission: 'orders:write' },
  { to: '/admin/reviews', label: 'Reviews', permission: 'reviews:moderate' },
  { to: '/admin/jobs', label: 'Jobs', permission: 'jobs:manage' },
  { to: '/admin/audit', label: 'Audit log', permission: 'audit:read' },
];

/** The staff screens are English: so are the shared messages they show (errors, toasts), whatever the storefront was in. */
function useEnglish() {
  useEffect(() => {
    void setLanguage(FALLBACK_LANGUAGE);
    document.documentElement.lang = FALLBACK_LANGUAGE;
  }, []);
}

export default function AdminLayout() {
  useEnglish();
  const { data: me, isLoading } = useMeQuery();
  const can = useCan();
  const location = useLocation();
  const [logout] = useLogoutMutation();
  if (isLoading) return <p className="p-6">Loading…</p>;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.role === 'customer') {
    return (
      <main className="p-6">
        <h1 className="text-xl font-semibold">Staff only</h1>
        <p>
          This area is for shop staff. <Link to="/">Back to the shop</Link>
        </p>
      </main>
    );
  }
  const links = NAV.filter((n) => can(n.permission));
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a href="#admin-main" className="sr-only focus:not-sr-only">
        Skip to content
      </a>
      <aside className="border-b bg-gray-900 text-gray-100 md:w-56 md:border-b-0 md:border-r print:hidden">
        <div className="px-4 py-3 text-lg font-bold">
          <Link to="/admin">Bazaar admin</Link>
        </div>
        <nav aria-label="Admin" className="flex flex-wrap gap-1 px-2 pb-3 text-sm md:flex-col">
          {links.map((n) => (
            <NavLink
              key={n.to}
              to={n.to}
              end={n.to === '/admin'}
              className={({ isActive }) => `rounded px-3 py-1.5 ${isActive ? 'bg-gray-700 font-semibold' : 'hover:bg-gray-800'}`}
            >
              {n.label}
            </NavLink>
          ))}
        </nav>
        <div className="px-4 pb-4 text-xs text-gray-400">
          {me.email} · {me.role}
          <div className="mt-2 flex gap-3">
            <Link to="/" className="underline">
              Shop
            </Link>
            <button type="button" className="underline" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main id="admin-main" className="min-w-0 flex-1 p-4 md:p-6">
        <Suspense fallback={<p>Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <Toasts />
      <ReauthDialog />
    </div>
  );
}
