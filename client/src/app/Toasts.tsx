import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from './hooks';
import { dismiss } from './ui.slice';

export function Toasts() {
  const toasts = useAppSelector((s) => s.ui.toasts);
  const dispatch = useAppDispatch();
  useEffect(() => {
    const timers = toasts.map((t) => setTimeout(() => dispatch(dismiss(t.id)), 5000));
    return () => timers.forEach(clearTimeout);
  }, [toasts, dispatch]);
  return (
    <div aria-live="polite" className="fixed bottom-4 right-4 z-50 space-y-2">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.kind === 'error' ? 'alert' : 'status'}
          className={`rounded px-4 py-2 text-sm text-white shadow ${t.kind === 'error' ? 'bg-red-700' : t.kind === 'success' ? 'bg-green-700' : 'bg-gray-800'}`}
        >
          {t.message}
        </div>
      ))}
    </div>
  );
}

/** Follows the browser's connection state, and the cart changes the service worker holds until it is back. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const pending = useAppSelector((s) => s.ui.pendingCartChanges);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  if (online && pending === 0) return null;
  return (
    <div role="status" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
      {online ? t('offline.sending') : t('offline.offline')}
      {pending > 0 ? <strong data-testid="pending-cart-changes">{t('offline.pending', { count: pending })}</strong> : t('offline.later')}
    </div>
  );
}
