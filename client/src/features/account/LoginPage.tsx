import { useRef, useState } from 'react';
import { CurrentPasswordField } from './CurrentPasswordField';
import type { MfaMethod } from '@bazaar/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { toFriendlyError } from '../../api/errors';
import { Link } from '../../components/LocaleLink';
import { PasskeyMfaButton, PasskeySignInButton } from '../passkeys/PasskeySignIn';
import { useLoginMutation, useRegisterMutation, useVerifyMfaMutation } from './account.api';
import { LinkAccountPrompt, ProviderButtons, ProviderSignInError } from './SignInWithProviders';

/** Where to go after signing in: only a path on this site (never `//evil.example`). */
export const safeNext = (next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

/** The second factors named in a redirect back from a provider (`methods=totp,passkey`); a code when unnamed. */
const mfaMethodsFrom = (named: string | null): MfaMethod[] => {
  const methods = (named ?? '').split(',').filter((m): m is MfaMethod => m === 'totp' || m === 'passkey');
  return methods.length ? methods : ['totp'];
};

export function LoginPage() {
  const { t } = useTranslation();
  const [login, { isLoading }] = useLoginMutation();
  const [verify] = useVerifyMfaMutation();
  const [params] = useSearchParams();
  // Back from a provider sign-in: the server says which step is left (`mfa` with the second factors
  // it accepts, or `link` an existing account).
  /** The second factors the server asks for, once the password (or the provider) was right. */
  const [mfa, setMfa] = useState<MfaMethod[] | undefined>(() =>
    params.get('step') === 'mfa' ? mfaMethodsFrom(params.get('methods')) : undefined,
  );
  const [linking, setLinking] = useState(params.get('step') === 'link');
  const [error, setError] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const signedIn = () => void navigate(next);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setError(undefined);
    try {
      if (mfa) {
        await verify({ code: String(data.get('code')) }).unwrap();
        return navigate(next);
      }
      const result = await login({
        email: String(data.get('email')),
        password: String(data.get('password')),
        remember: data.get('remember') === 'on',
      }).unwrap();
      if (result.status === 'mfa_required') setMfa(result.methods);
      else navigate(next);
    } catch (err) {
      setError(toFriendlyError(err).message);
    }
  };
  if (linking && !mfa)
    return (
      <div className="mx-auto max-w-sm">
        <LinkAccountPrompt
          onSignedIn={() => navigate(next)}
          onMfa={(methods) => {
            setLinking(false);
            setMfa(methods);
          }}
        />
      </div>
    );
  return (
    <form ref={form} onSubmit={submit} className="mx-auto max-w-sm space-y-3">
      <h1 className="text-2xl font-bold">{mfa ? t('auth.mfaTitle') : t('common.signIn')}</h1>
      {!mfa && <ProviderSignInError />}
      {!mfa && <ProviderButtons next={next} />}
      {mfa ? (
        mfa.includes('totp') && (
          <div>
            <label htmlFor="code" className="block text-sm font-medium">
              {t('auth.mfaCode')}
            </label>
            <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" className="mt-1 w-full rounded border p-2" />
          </div>
        )
      ) : (
        <>
          <div>
            <label htmlFor="email" className="block text-sm font-medium">
              {t('common.email')}
            </label>
            {/* `webauthn`: the browser may offer this shop's passkeys in the field's autofill. */}
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username webauthn"
              required
              className="mt-1 w-full rounded border p-2"
            />
          </div>
          <CurrentPasswordField id="password" />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="remember" /> {t('auth.remember')}
          </label>
        </>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {(!mfa || mfa.includes('totp')) && (
        <button type="submit" disabled={isLoading} className="w-full rounded bg-gray-900 py-2 text-white">
          {mfa ? t('auth.verify') : t('common.signIn')}
        </button>
      )}
      {mfa?.includes('passkey') && <PasskeyMfaButton onSignedIn={signedIn} onError={setError} />}
      {!mfa && (
        <PasskeySignInButton
          onSignedIn={signedIn}
          onError={setError}
          remember={() => new FormData(form.current ?? undefined).get('remember') === 'on'}
        />
      )}
      {!mfa && (
        <p className="text-sm">
          {t('auth.newHere')}{' '}
          <Link to="/register" className="underline">
            {t('auth.createAccount')}
          </Link>{' '}
          ·{' '}
          <Link to="/forgot-password" className="underline">
            {t('auth.forgot')}
          </Link>
        </p>
      )}
    </form>
  );
}

export function RegisterPage() {
  const { t } = useTranslation();
  const [register, { isLoading }] = useRegisterMutation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const navigate = useNavigate();
  return (
    <form
      className="mx-auto max-w-sm space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        try {
          await register({
            name: String(data.get('name')),
            email: String(data.get('email')),
            password: String(data.get('password')),
          }).unwrap();
          navigate('/');
        } catch (err) {
          const f = toFriendlyError(err);
          setErrors(f.fields);
          setError(f.message);
        }
      }}
    >
      <h1 className="text-2xl font-bold">{t('auth.createAccount')}</h1>
      <ProviderButtons next="/" />
      {(['name', 'email', 'password'] as const).map((k) => (
        <div key={k}>
          <label htmlFor={k} className="block text-sm font-medium">
            {t(`auth.register.${k}`)}
          </label>
          <input
            id={k}
            name={k}
            type={k === 'password' ? 'password' : k === 'email' ? 'email' : 'text'}
            autoComplete={k === 'password' ? 'new-password' : k}
            className="mt-1 w-full rounded border p-2"
            aria-invalid={!!errors[k]}
          />
          {errors[k] && <p className="text-sm text-red-700">{errors[k]}</p>}
        </div>
      ))}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={isLoading} className="w-full rounded bg-gray-900 py-2 text-white">
        {t('auth.createAccountButton')}
      </button>
    </form>
  );
}
