import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { setReauthPrompt } from '../../api/reauth';
import { usePasskeyReauth } from '../passkeys/usePasskeySignIn';
import { PasskeyButton } from '../passkeys/PasskeySignIn';
import { passkeysSupported } from '../passkeys/webauthn';
import { useReauthMutation } from './account.api';

/**
 * The re-authentication dialog: while mounted (by the storefront and admin layouts) it is what a
 * REAUTH_REQUIRED refusal asks. It takes the password, and the authenticator code when the server
 * says the account needs one (MFA_REQUIRED), or a passkey of the account's instead (the only way
 * for an account made by a provider sign-in, which has no password); confirming lets the refused
 * request go again.
 */
export function ReauthDialog() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string>();
  const settle = useRef<(confirmed: boolean) => void>(undefined);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [reauth, { isLoading }] = useReauthMutation();
  const reauthWithPasskey = usePasskeyReauth();

  useEffect(
    () =>
      setReauthPrompt(
        () =>
          new Promise<boolean>((resolve) => {
            settle.current = resolve;
            setError(undefined);
            setOpen(true);
          }),
      ),
    [],
  );
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close?.();
  }, [open]);

  const finish = (confirmed: boolean) => {
    setOpen(false);
    setNeedsCode(false);
    settle.current?.(confirmed);
    settle.current = undefined;
  };

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const code = needsCode ? String(data.get('code') ?? '').trim() : '';
    try {
      await reauth({ password: String(data.get('password') ?? ''), ...(code ? { code } : {}) }).unwrap();
      finish(true);
    } catch (err) {
      const friendly = toFriendlyError(err);
      if (friendly.code === 'MFA_REQUIRED') {
        setNeedsCode(true);
        setError(t('reauth.codeNeeded'));
      } else setError(friendly.fields.code ?? friendly.message);
    }
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={() => finish(false)}
      className="m-auto w-full max-w-sm rounded p-0 shadow-xl backdrop:bg-black/40"
    >
      {open && (
        <form
          className="space-y-3 p-5 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(e.currentTarget);
          }}
        >
          <h2 id={titleId} className="text-lg font-semibold">
            {t('reauth.title')}
          </h2>
          <p>{t('reauth.explain')}</p>
          <label className="block">
            <span className="mb-1 block font-medium">{t('reauth.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
              className="w-full rounded border p-1"
            />
          </label>
          {needsCode && (
            <label className="block">
              <span className="mb-1 block font-medium">{t('reauth.code')}</span>
              <input name="code" inputMode="numeric" autoComplete="one-time-code" required className="w-full rounded border p-1" />
            </label>
          )}
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          {passkeysSupported() && (
            <PasskeyButton
              label={t('reauth.usePasskey')}
              ceremony={reauthWithPasskey}
              onDone={() => finish(true)}
              onError={setError}
              className="w-full rounded border border-gray-900 py-1"
            />
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="rounded border px-3 py-1" onClick={() => finish(false)}>
              {t('reauth.cancel')}
            </button>
            <button type="submit" disabled={isLoading} className="rounded bg-gray-900 px-3 py-1 text-white">
              {t('reauth.confirm')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
