import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toFriendlyError } from '../../api/errors';
import { useForgotPasswordMutation, useResetPasswordMutation, useVerifyEmailMutation } from './account.api';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [verify, { isSuccess, error }] = useVerifyEmailMutation();
  useEffect(() => {
    const token = params.get('token');
    if (token) void verify(token);
  }, [params, verify]);
  return <p role="status">{isSuccess ? t('auth.emailConfirmed') : error ? toFriendlyError(error).message : t('auth.confirming')}</p>;
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [forgot, { isSuccess }] = useForgotPasswordMutation();
  return isSuccess ? (
    <p role="status">{t('auth.resetSent')}</p>
  ) : (
    <form
      className="mx-auto max-w-sm space-y-3"
      onSubmit={(e) => (e.preventDefault(), void forgot(String(new FormData(e.currentTarget).get('email'))))}
    >
      <h1 className="text-2xl font-bold">{t('auth.forgot')}</h1>
      <label htmlFor="email" className="block text-sm font-medium">
        {t('common.email')}
      </label>
      <input id="email" name="email" type="email" required className="w-full rounded border p-2" />
      <button type="submit" className="w-full rounded bg-gray-900 py-2 text-white">
        {t('auth.sendLink')}
      </button>
    </form>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [reset, { isSuccess }] = useResetPasswordMutation();
  const [error, setError] = useState<string>();
  if (isSuccess) return <p role="status">{t('auth.passwordChanged')}</p>;
  return (
    <form
      className="mx-auto max-w-sm space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await reset({ token: params.get('token') ?? '', password: String(new FormData(e.currentTarget).get('password')) }).unwrap();
        } catch (err) {
          const f = toFriendlyError(err);
          setError(f.fields.password ?? f.message);
        }
      }}
    >
      <h1 className="text-2xl font-bold">{t('auth.newPasswordTitle')}</h1>
      <label htmlFor="password" className="block text-sm font-medium">
        {t('auth.newPassword')}
      </label>
      <input id="password" name="password" type="password" autoComplete="new-password" className="w-full rounded border p-2" />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" className="w-full rounded bg-gray-900 py-2 text-white">
        {t('common.save')}
      </button>
    </form>
  );
}
