import type { MfaMethod } from '@bazaar/shared';
import { CurrentPasswordField } from './CurrentPasswordField';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { OidcFailure } from '@bazaar/shared';
import { toFriendlyError } from '../../api/errors';
import {
  providerStartUrl,
  useAuthProvidersQuery,
  useConfirmLinkMutation,
  useEmailLinkMutation,
  useIdentitiesQuery,
  useLinkWithPasswordMutation,
  usePendingLinkQuery,
  useSetPasswordMutation,
  useUnlinkIdentityMutation,
} from './identity.api';

/** "Sign in with Google" (and the configured provider): nothing when no provider is configured. */
export function ProviderButtons({ next }: { next: string }) {
  const { t } = useTranslation();
  const { data: providers = [] } = useAuthProvidersQuery();
  if (!providers.length) return null;
  return (
    <div className="space-y-2">
      {providers.map((p) => (
        <a key={p.id} href={providerStartUrl(p.id, next)} className="block w-full rounded border py-2 text-center">
          {t('identity.signInWith', { name: p.name })}
        </a>
      ))}
      <p className="text-center text-sm text-gray-600">{t('identity.or')}</p>
    </div>
  );
}

/** Why the provider sign-in the shopper came back from did not go through (`?signInError=`). */
export function ProviderSignInError() {
  const { t } = useTranslation();
  const code = OidcFailure.safeParse(useSearchParams()[0].get('signInError'));
  if (!code.success) return null;
  return (
    <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-800">
      {t(`identity.failure.${code.data}`)}
    </p>
  );
}

/**
 * The provider's email has an account here: it links only once the shopper proves the account, by
 * its password (then the sign-in goes on, MFA included) or by a link sent to the account's email.
 */
export function LinkAccountPrompt({ onSignedIn, onMfa }: { onSignedIn: () => void; onMfa: (methods: MfaMethod[]) => void }) {
  const { t } = useTranslation();
  const { data: pending, isLoading, isError } = usePendingLinkQuery();
  const [link, { isLoading: linking }] = useLinkWithPasswordMutation();
  const [emailLink, { isSuccess: emailed }] = useEmailLinkMutation();
  const [error, setError] = useState<string>();
  if (isLoading) return <p>{t('common.loading')}</p>;
  if (isError || !pending) return <p role="alert">{t('identity.linkExpired')}</p>;
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        try {
          const result = await link({ password: String(new FormData(e.currentTarget).get('password')) }).unwrap();
          if (result.status === 'mfa_required') onMfa(result.methods);
          else onSignedIn();
        } catch (err) {
          setError(toFriendlyError(err).message);
        }
      }}
    >
      <h1 className="text-2xl font-bold">{t('identity.linkTitle', { name: pending.providerName })}</h1>
      <p className="text-sm">{t('identity.linkText', { email: pending.email, name: pending.providerName })}</p>
      <CurrentPasswordField id="link-password" />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={linking} className="w-full rounded bg-gray-900 py-2 text-white">
        {t('identity.linkWithPassword')}
      </button>
      {emailed ? (
        <p role="status" className="text-sm">
          {t('identity.linkEmailed', { email: pending.email })}
        </p>
      ) : (
        <button type="button" className="w-full rounded border py-2" onClick={() => void emailLink()}>
          {t('identity.emailMeALink')}
        </button>
      )}
    </form>
  );
}

/** The page the emailed link opens: links the provider, then the shopper signs in with it. */
export function LinkAccountPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [confirm, { data, error }] = useConfirmLinkMutation();
  useEffect(() => {
    const token = params.get('token');
    if (token) void confirm(token);
  }, [params, confirm]);
  return (
    <p role="status">
      {data
        ? t('identity.linked', { name: data.providerName, email: data.email })
        : error
          ? toFriendlyError(error).message
          : t('auth.confirming')}
    </p>
  );
}

/** The account's ways to sign in: linked providers (unlink unless it is the last way in) and a first password. */
export function SignInMethods() {
  const { t } = useTranslation();
  const { data } = useIdentitiesQuery();
  const [unlink] = useUnlinkIdentityMutation();
  const [setPassword, { isSuccess: passwordSet }] = useSetPasswordMutation();
  const [error, setError] = useState<string>();
  if (!data) return null;
  return (
    <section className="space-y-3 text-sm">
      <h2 className="font-semibold">{t('identity.methods')}</h2>
      <ul className="space-y-1">
        <li>{data.hasPassword ? t('identity.passwordSet') : t('identity.noPassword')}</li>
        {data.items.map((i) => (
          <li key={i.id} className="flex justify-between gap-2">
            <span>{t('identity.linkedProvider', { name: i.providerName, email: i.email ?? '' })}</span>
            {i.canUnlink ? (
              <button
                type="button"
                className="underline"
                onClick={async () => {
                  setError(undefined);
                  await unlink(i.id)
                    .unwrap()
                    .catch((err: unknown) => setError(toFriendlyError(err).message));
                }}
              >
                {t('identity.unlink', { name: i.providerName })}
              </button>
            ) : (
              <span className="text-gray-600">{t('identity.onlyWayIn')}</span>
            )}
          </li>
        ))}
      </ul>
      {!data.hasPassword && !passwordSet && (
        <form
          className="space-y-2"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(undefined);
            try {
              await setPassword(String(new FormData(e.currentTarget).get('newPassword'))).unwrap();
            } catch (err) {
              const f = toFriendlyError(err);
              setError(f.fields.newPassword ?? f.message);
            }
          }}
        >
          <label htmlFor="first-password" className="block">
            {t('identity.setPasswordLabel')}
          </label>
          <input id="first-password" name="newPassword" type="password" autoComplete="new-password" className="rounded border p-1" />
          <button type="submit" className="ml-2 rounded bg-gray-900 px-3 py-1 text-white">
            {t('identity.setPassword')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
