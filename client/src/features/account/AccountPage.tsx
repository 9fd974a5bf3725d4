import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAppDispatch } from '../../app/hooks';
import { toast } from '../../app/ui.slice';
import { toFriendlyError } from '../../api/errors';
import { Link } from '../../components/LocaleLink';
import { ProductGrid } from '../../components/ProductCard';
import { useFormat } from '../../i18n/useFormat';
import { useMyOrdersQuery } from '../checkout/checkout.api';
import {
  useAddAddressMutation,
  useAddressesQuery,
  useDeleteAddressMutation,
  useLogoutMutation,
  useMeQuery,
  useMfaEnableMutation,
  useMfaSetupMutation,
  useRemoveFromWishlistMutation,
  useRevokeOtherSessionsMutation,
  useRevokeSessionMutation,
  useSessionsQuery,
  useStoreCreditQuery,
  useWishlistQuery,
} from './account.api';
import { PasskeysPanel } from '../passkeys/PasskeysPanel';
import { PrivacyPanel } from './PrivacyPanel';
import { ProfileForm } from './ProfileForm';
import { SignInMethods } from './SignInWithProviders';

/** The shopper's store credit, when there is any (returns and staff credit it; it is spent at checkout). */
export function StoreCreditLine() {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { data } = useStoreCreditQuery();
  if (!data || data.balance.amount <= 0) return null;
  return <p className="rounded bg-green-50 p-3 text-sm">{t('account.storeCredit', { amount: money(data.balance) })}</p>;
}

const TABS = ['orders', 'profile', 'wishlist', 'addresses', 'security', 'privacy'] as const;

export default function AccountPage() {
  const { t } = useTranslation();
  const { data: me, isLoading } = useMeQuery();
  const [tab, setTab] = useState<(typeof TABS)[number]>('orders');
  const [logout] = useLogoutMutation();
  const navigate = useNavigate();
  if (isLoading) return <p>{t('common.loading')}</p>;
  if (!me)
    return (
      <p>
        <Trans i18nKey="account.pleaseSignIn" components={{ a: <Link to="/login" className="underline" /> }} />
      </p>
    );
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">{t('account.hello', { name: me.name })}</h1>
        <button type="button" className="underline" onClick={async () => (await logout(), navigate('/'))}>
          {t('common.signOut')}
        </button>
      </div>
      <StoreCreditLine />
      {!me.emailVerified && <p className="rounded bg-amber-50 p-3 text-sm">{t('account.confirmEmail')}</p>}
      <div role="tablist" aria-label={t('account.tablist')} className="flex gap-4 border-b">
        {TABS.map((name) => (
          <button
            key={name}
            role="tab"
            aria-selected={tab === name}
            onClick={() => setTab(name)}
            className={`pb-2 ${tab === name ? 'border-b-2 border-gray-900 font-semibold' : ''}`}
          >
            {t(`account.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'orders' ? (
          <Orders />
        ) : tab === 'profile' ? (
          <ProfileForm me={me} />
        ) : tab === 'wishlist' ? (
          <Wishlist />
        ) : tab === 'addresses' ? (
          <Addresses />
        ) : tab === 'privacy' ? (
          <PrivacyPanel />
        ) : (
          <Security mfaEnabled={me.mfaEnabled} />
        )}
      </div>
    </div>
  );
}

function Orders() {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { data } = useMyOrdersQuery();
  if (!data) return <p>{t('common.loading')}</p>;
  if (!data.items.length) return <p>{t('account.noOrders')}</p>;
  return (
    <ul className="divide-y rounded border">
      {data.items.map((o) => (
        <li key={o.id} className="flex justify-between p-3 text-sm">
          <Link to={`/orders/${o.id}`} className="underline">
            {o.number}
          </Link>
          <span>{t(`orders.status.${o.status}`)}</span>
          <span>{money(o.totals.total)}</span>
        </li>
      ))}
    </ul>
  );
}

function Wishlist() {
  const { t } = useTranslation();
  const { data = [] } = useWishlistQuery();
  const [remove] = useRemoveFromWishlistMutation();
  if (!data.length) return <p>{t('account.nothingSaved')}</p>;
  return (
    <div className="space-y-2">
      <ProductGrid products={data.map((i) => i.product)} />
      <ul className="text-sm">
        {data.map((i) => (
          <li key={i.id}>
            <button type="button" className="underline" onClick={() => remove(i.id)}>
              {t('account.removeItem', { title: i.product.title })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Addresses() {
  const { t } = useTranslation();
  const { data = [] } = useAddressesQuery();
  const [add] = useAddAddressMutation();
  const [remove] = useDeleteAddressMutation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <ul className="space-y-2">
        {data.map((a) => (
          <li key={a.id} className="rounded border p-3 text-sm">
            {a.name}, {a.line1}, {a.city} {a.postalCode}, {a.country} {a.isDefault && <strong>{t('account.defaultAddress')}</strong>}{' '}
            <button type="button" className="underline" onClick={() => remove(a.id)}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="space-y-2 text-sm"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          try {
            await add({
              name: String(f.get('name')),
              line1: String(f.get('line1')),
              city: String(f.get('city')),
              postalCode: String(f.get('postalCode')),
              country: String(f.get('country')),
            }).unwrap();
            setErrors({});
            e.currentTarget?.reset();
          } catch (err) {
            setErrors(toFriendlyError(err).fields);
          }
        }}
      >
        <h2 className="font-semibold">{t('account.addAddress')}</h2>
        {(['name', 'line1', 'city', 'postalCode', 'country'] as const).map((k) => (
          <div key={k}>
            <label htmlFor={`addr-${k}`} className="block">
              {t(`account.address.${k}`)}
            </label>
            <input id={`addr-${k}`} name={k} className="w-full rounded border p-1" aria-invalid={!!errors[k]} />
            {errors[k] && <p className="text-red-700">{errors[k]}</p>}
          </div>
        ))}
        <button type="submit" className="rounded bg-gray-900 px-4 py-1 text-white">
          {t('common.save')}
        </button>
      </form>
    </div>
  );
}

function Security({ mfaEnabled }: { mfaEnabled: boolean }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const { data: sessions = [] } = useSessionsQuery();
  const [revoke] = useRevokeSessionMutation();
  const [revokeOthers] = useRevokeOtherSessionsMutation();
  const [setup, { data: pending }] = useMfaSetupMutation();
  const [enable, { data: enabled }] = useMfaEnableMutation();
  const dispatch = useAppDispatch();
  return (
    <div className="grid gap-8 md:grid-cols-2">
      <section className="space-y-3 text-sm">
        <h2 className="font-semibold">{t('account.mfa')}</h2>
        {enabled ? (
          <div>
            <p>{t('account.mfaOnCodes')}</p>
            <ul className="mt-2 grid grid-cols-2 gap-1 font-mono">
              {enabled.recoveryCodes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        ) : mfaEnabled ? (
          <p>{t('account.mfaOn')}</p>
        ) : pending ? (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              try {
                await enable(String(new FormData(e.currentTarget).get('code'))).unwrap();
              } catch (err) {
                dispatch(toast('error', toFriendlyError(err).message));
              }
            }}
          >
            <img src={pending.qrCodeDataUrl} alt={t('account.qrAlt')} width={180} height={180} />
            <p className="break-all text-xs">{t('account.typeKey', { secret: pending.secret })}</p>
            <label htmlFor="mfa-code" className="mt-2 block">
              {t('account.codeFromApp')}
            </label>
            <input id="mfa-code" name="code" inputMode="numeric" className="rounded border p-1" />
            <button type="submit" className="ml-2 rounded bg-gray-900 px-3 py-1 text-white">
              {t('account.turnOn')}
            </button>
          </form>
        ) : (
          <button type="button" className="rounded border px-3 py-1" onClick={() => setup()}>
            {t('account.setUpMfa')}
          </button>
        )}
      </section>
      <SignInMethods />
      <PasskeysPanel />
      <section className="space-y-2 text-sm">
        <h2 className="font-semibold">{t('account.sessions')}</h2>
        <ul className="space-y-1">
          {sessions.map((s) => (
            <li key={s.id} className="flex justify-between gap-2">
              <span>
                {t('account.sessionLine', {
                  device: s.device ?? t('account.unknownDevice'),
                  network: s.network ?? t('account.unknownNetwork'),
                  created: dateTime(s.createdAt),
                  lastSeen: dateTime(s.lastSeenAt),
                })}
                {s.current && <strong>{t('account.thisDevice')}</strong>}
                {s.changed && (
                  <span className="block text-amber-800">
                    {t('account.sessionChanged', {
                      device: s.changed.device ?? t('account.unknownDevice'),
                      network: s.changed.network ?? t('account.unknownNetwork'),
                      at: dateTime(s.changed.at),
                    })}
                  </span>
                )}
              </span>
              {!s.current && (
                <button type="button" className="underline" onClick={() => revoke(s.id)}>
                  {t('common.signOut')}
                </button>
              )}
            </li>
          ))}
        </ul>
        <button type="button" className="rounded border px-3 py-1" onClick={() => revokeOthers()}>
          {t('account.signOutElsewhere')}
        </button>
      </section>
    </div>
  );
}
