import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout, NotFound } from './Layout';

// Routes are split: the first load carries only the shell and the page asked for.
const HomePage = lazy(() => import('../features/catalog/HomePage'));
const CategoryPage = lazy(() => import('../features/catalog/CategoryPage'));
const ProductPage = lazy(() => import('../features/catalog/ProductPage'));
const SearchPage = lazy(() => import('../features/search/SearchPage'));
const CartPage = lazy(() => import('../features/cart/CartPage'));
const CheckoutPage = lazy(() => import('../features/checkout/CheckoutPage'));
const OrderPage = lazy(() => import('../features/orders/OrderPage'));
const LoginPage = lazy(() => import('../features/account/LoginPage').then((m) => ({ default: m.LoginPage })));
const AccountPage = lazy(() => import('../features/account/AccountPage'));
const VerifyEmailPage = lazy(() => import('../features/account/TokenPages').then((m) => ({ default: m.VerifyEmailPage })));
const ForgotPasswordPage = lazy(() => import('../features/account/TokenPages').then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import('../features/account/TokenPages').then((m) => ({ default: m.ResetPasswordPage })));
const LinkAccountPage = lazy(() => import('../features/account/SignInWithProviders').then((m) => ({ default: m.LinkAccountPage })));
const RegisterPage = lazy(() => import('../features/account/LoginPage').then((m) => ({ default: m.RegisterPage })));

// Staff screens: their own chunks, never loaded by shoppers.
const AdminLayout = lazy(() => import('../features/admin/AdminLayout'));
const admin = (load: () => Promise<{ default: React.ComponentType }>) => {
  const Page = lazy(load);
  return <Page />;
};

export const router = createBrowserRouter([
  {
    path: '/admin',
    element: (
      <Suspense fallback={<p className="p-6">Loading…</p>}>
        <AdminLayout />
      </Suspense>
    ),
    children: [
      { index: true, element: admin(() => import('../features/admin/DashboardPage')) },
      { path: 'orders', element: admin(() => import('../features/admin/orders/OrdersPage')) },
      { path: 'orders/:id', element: admin(() => import('../features/admin/orders/OrderDetailPage')) },
      { path: 'returns', element: admin(() => import('../features/admin/returns/ReturnsPage')) },
      { path: 'returns/:id', element: admin(() => import('../features/admin/returns/ReturnDetailPage')) },
      { path: 'products', element: admin(() => import('../features/admin/catalog/ProductsPage')) },
      { path: 'products/new', element: admin(() => import('../features/admin/catalog/ProductEditorPage')) },
      { path: 'products/:id', element: admin(() => import('../features/admin/catalog/ProductEditorPage')) },
      { path: 'categories', element: admin(() => import('../features/admin/catalog/CategoriesPage')) },
      { path: 'inventory', element: admin(() => import('../features/admin/catalog/InventoryPage')) },
      { path: 'pricing', element: admin(() => import('../features/admin/PricingPage')) },
      { path: 'markets', element: admin(() => import('../features/admin/markets/MarketsPage')) },
      { path: 'promotions', element: admin(() => import('../features/admin/promotions/PromotionsPage')) },
      { path: 'customer-groups', element: admin(() => import('../features/admin/customer-groups/CustomerGroupsPage')) },
      { path: 'webhooks', element: admin(() => import('../features/admin/webhooks/WebhooksPage')) },
      { path: 'customers', element: admin(() => import('../features/admin/customers/CustomersPage')) },
      { path: 'customers/:id', element: admin(() => import('../features/admin/customers/CustomerDetailPage')) },
      { path: 'gift-cards', element: admin(() => import('../features/admin/GiftCardsPage')) },
      { path: 'draft-orders', element: admin(() => import('../features/admin/drafts/DraftOrdersPage')) },
      { path: 'draft-orders/new', element: admin(() => import('../features/admin/drafts/DraftOrderEditorPage')) },
      { path: 'draft-orders/:id', element: admin(() => import('../features/admin/drafts/DraftOrderEditorPage')) },
      { path: 'reviews', element: admin(() => import('../features/admin/ReviewsPage')) },
      { path: 'jobs', element: admin(() => import('../features/admin/JobsPage')) },
      { path: 'audit', element: admin(() => import('../features/admin/AuditPage')) },
      { path: 'api-keys', element: admin(() => import('../features/admin/api-keys/ApiKeysPage')) },
      { path: '*', element: <p>This page does not exist.</p> },
    ],
  },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/c/:slug', element: <CategoryPage /> },
      { path: '/p/:slug', element: <ProductPage /> },
      { path: '/search', element: <SearchPage /> },
      { path: '/cart', element: <CartPage /> },
      { path: '/checkout', element: <CheckoutPage /> },
      { path: '/orders/:id', element: <OrderPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/link-account', element: <LinkAccountPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
