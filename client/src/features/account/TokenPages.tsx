import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { toFriendlyError } from '../../api/errors';
import { useForgotPasswordMutation, useResetPasswordMutation, useVerifyEmailMutation } from './account.api';

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const [verify, { isSuccess, error }] = useVerifyEmailMutation();
  useEffect(() => {
    const token = params.get('token');
    if (token) void verify(token);
  }, [params, verify]);
  return (
    <p role="status">
      {isSuccess ? 'Thank you — your email address is confirmed.' : error ? toFriendlyError(error).message : 'Confirming…'}
    </p>
  );
}

export function ForgotPasswordPage() {
  const [forgot, { isSuccess }] = useForgotPasswordMutation();
  return isSuccess ? (
    <p role="status">If an account uses that address, a reset link is on its way.</p>
  ) : (
    <form
      className="mx-auto max-w-sm space-y-3"
      onSubmit={(e) => (e.preventDefault(), void forgot(String(new FormData(e.currentTarget).get('email'))))}
    >
      <h1 className="text-2xl font-bold">Forgot your password?</h1>
      <label htmlFor="email" className="block text-sm font-medium">
        Email
      </label>
      <input id="email" name="email" type="email" required className="w-full rounded border p-2" />
      <button type="submit" className="w-full rounded bg-gray-900 py-2 text-white">
        Send me a link
      </button>
    </form>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const [reset, { isSuccess }] = useResetPasswordMutation();
  const [error, setError] = useState<string>();
  if (isSuccess) return <p role="status">Your password is changed. Sign in with the new one.</p>;
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
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      <label htmlFor="password" className="block text-sm font-medium">
        New password (at least 12 characters)
      </label>
      <input id="password" name="password" type="password" autoComplete="new-password" className="w-full rounded border p-2" />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" className="w-full rounded bg-gray-900 py-2 text-white">
        Save
      </button>
    </form>
  );
}
