import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from '../components/Layout';

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
const RegisterPage = lazy(() => import('../features/account/LoginPage').then((m) => ({ default: m.RegisterPage })));

export const router = createBrowserRouter([
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
      { path: '*', element: <p>This page does not exist.</p> },
    ],
  },
]);
