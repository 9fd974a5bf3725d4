import { formatMoney } from '@bazaar/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAppDispatch } from '../../app/hooks';
import { toast } from '../../app/ui.slice';
import { toFriendlyError } from '../../api/errors';
import { ProductGrid } from '../../components/ProductCard';
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
import { PrivacyPanel } from './PrivacyPanel';
import { ProfileForm } from './ProfileForm';

/** The shopper's store credit, when there is any (returns and staff credit it; it is spent at checkout). */
export function StoreCreditLine() {
  const { data } = useStoreCreditQuery();
  if (!data || data.balance.amount <= 0) return null;
  return <p className="rounded bg-green-50 p-3 text-sm">Store credit: {formatMoney(data.balance)}</p>;
}

const TABS = ['Orders', 'Profile', 'Wishlist', 'Addresses', 'Security', 'Privacy'] as const;

export default function AccountPage() {
  const { data: me, isLoading } = useMeQuery();
  const [tab, setTab] = useState<(typeof TABS)[number]>('Orders');
  const [logout] = useLogoutMutation();
  const navigate = useNavigate();
  if (isLoading) return <p>Loading…</p>;
  if (!me)
    return (
      <p>
        Please{' '}
        <Link to="/login" className="underline">
          sign in
        </Link>
        .
      </p>
    );
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">Hello, {me.name}</h1>
        <button type="button" className="underline" onClick={async () => (await logout(), navigate('/'))}>
          Sign out
        </button>
      </div>
      <StoreCreditLine />
      {!me.emailVerified && <p className="rounded bg-amber-50 p-3 text-sm">Please confirm your email address: we sent you a link.</p>}
      <div role="tablist" aria-label="Account" className="flex gap-4 border-b">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={`pb-2 ${tab === t ? 'border-b-2 border-gray-900 font-semibold' : ''}`}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'Orders' ? (
          <Orders />
        ) : tab === 'Profile' ? (
          <ProfileForm me={me} />
        ) : tab === 'Wishlist' ? (
          <Wishlist />
        ) : tab === 'Addresses' ? (
          <Addresses />
        ) : tab === 'Privacy' ? (
          <PrivacyPanel />
        ) : (
          <Security mfaEnabled={me.mfaEnabled} />
        )}
      </div>
    </div>
  );
}

function Orders() {
  const { data } = useMyOrdersQuery();
  if (!data) return <p>Loading…</p>;
  if (!data.items.length) return <p>No orders yet.</p>;
  return (
    <ul className="divide-y rounded border">
      {data.items.map((o) => (
        <li key={o.id} className="flex justify-between p-3 text-sm">
          <Link to={`/orders/${o.id}`} className="underline">
            {o.number}
          </Link>
          <span>{o.status.replace('_', ' ')}</span>
          <span>{formatMoney(o.totals.total)}</span>
        </li>
      ))}
    </ul>
  );
}

function Wishlist() {
  const { data = [] } = useWishlistQuery();
  const [remove] = useRemoveFromWishlistMutation();
  if (!data.length) return <p>Nothing saved yet.</p>;
  return (
    <div className="space-y-2">
      <ProductGrid products={data.map((i) => i.product)} />
      <ul className="text-sm">
        {data.map((i) => (
          <li key={i.id}>
            <button type="button" className="underline" onClick={() => remove(i.id)}>
              Remove {i.product.title}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Addresses() {
  const { data = [] } = useAddressesQuery();
  const [add] = useAddAddressMutation();
  const [remove] = useDeleteAddressMutation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <ul className="space-y-2">
        {data.map((a) => (
          <li key={a.id} className="rounded border p-3 text-sm">
            {a.name}, {a.line1}, {a.city} {a.postalCode}, {a.country} {a.isDefault && <strong>(default)</strong>}{' '}
            <button type="button" className="underline" onClick={() => remove(a.id)}>
              Delete
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
        <h2 className="font-semibold">Add an address</h2>
        {(['name', 'line1', 'city', 'postalCode', 'country'] as const).map((k) => (
          <div key={k}>
            <label htmlFor={`addr-${k}`} className="block">
              {{ name: 'Name', line1: 'Address', city: 'City', postalCode: 'Postal code', country: 'Country (2 letters)' }[k]}
            </label>
            <input id={`addr-${k}`} name={k} className="w-full rounded border p-1" aria-invalid={!!errors[k]} />
            {errors[k] && <p className="text-red-700">{errors[k]}</p>}
          </div>
        ))}
        <button type="submit" className="rounded bg-gray-900 px-4 py-1 text-white">
          Save
        </button>
      </form>
    </div>
  );
}

function Security({ mfaEnabled }: { mfaEnabled: boolean }) {
  const { data: sessions = [] } = useSessionsQuery();
  const [revoke] = useRevokeSessionMutation();
  const [revokeOthers] = useRevokeOtherSessionsMutation();
  const [setup, { data: pending }] = useMfaSetupMutation();
  const [enable, { data: enabled }] = useMfaEnableMutation();
  const dispatch = useAppDispatch();
  return (
    <div className="grid gap-8 md:grid-cols-2">
      <section className="space-y-3 text-sm">
        <h2 className="font-semibold">Two-step verification</h2>
        {enabled ? (
          <div>
            <p>On. Keep these recovery codes somewhere safe — each works once:</p>
            <ul className="mt-2 grid grid-cols-2 gap-1 font-mono">
              {enabled.recoveryCodes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        ) : mfaEnabled ? (
          <p>On.</p>
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
            <img src={pending.qrCodeDataUrl} alt="QR code for your authenticator app" width={180} height={180} />
            <p className="break-all text-xs">Or type this key: {pending.secret}</p>
            <label htmlFor="mfa-code" className="mt-2 block">
              Code from the app
            </label>
            <input id="mfa-code" name="code" inputMode="numeric" className="rounded border p-1" />
            <button type="submit" className="ml-2 rounded bg-gray-900 px-3 py-1 text-white">
              Turn on
            </button>
          </form>
        ) : (
          <button type="button" className="rounded border px-3 py-1" onClick={() => setup()}>
            Set up an authenticator app
          </button>
        )}
      </section>
      <section className="space-y-2 text-sm">
        <h2 className="font-semibold">Where you are signed in</h2>
        <ul className="space-y-1">
          {sessions.map((s) => (
            <li key={s.id} className="flex justify-between gap-2">
              <span>
                {s.userAgent ?? 'Unknown device'} · {s.ip} · {new Date(s.lastSeenAt).toLocaleString()}
                {s.current && <strong> (this device)</strong>}
              </span>
              {!s.current && (
                <button type="button" className="underline" onClick={() => revoke(s.id)}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
        <button type="button" className="rounded border px-3 py-1" onClick={() => revokeOthers()}>
          Sign out everywhere else
        </button>
      </section>
    </div>
  );
}
