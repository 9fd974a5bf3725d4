import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { useCancelPasskeyPromptOnLeave, usePasskeySecondFactor, usePasskeySignIn } from './usePasskeySignIn';
import { passkeysSupported, wasCancelled } from './webauthn';

interface Props {
  /** Called once the session is signed in. */
  onSignedIn: () => void;
  onError: (message: string | undefined) => void;
}

/**
 * "Sign in with a passkey" on the sign-in page: no email needed, the authenticator offers the
 * passkeys it holds for this shop. Where the browser can, the email field's autofill offers them too.
 */
export function PasskeySignInButton({ onSignedIn, onError, remember }: Props & { remember: () => boolean }) {
  const { t } = useTranslation();
  const { signIn, autofill } = usePasskeySignIn();
  const [busy, setBusy] = useState(false);
  const supported = passkeysSupported();
  useCancelPasskeyPromptOnLeave();
  useEffect(() => {
    if (supported) void autofill(onSignedIn, (err) => onError(toFriendlyError(err).message));
    // Once per visit of the page: the autofill request stays open until it is used or replaced.
  }, []);
  if (!supported) return null;
  return (
    <button
      type="button"
      disabled={busy}
      className="w-full rounded border border-gray-900 py-2"
      onClick={async () => {
        onError(undefined);
        setBusy(true);
        try {
          await signIn(remember());
          onSignedIn();
        } catch (err) {
          onError(wasCancelled(err) ? t('passkeys.cancelled') : toFriendlyError(err).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('passkeys.signIn')}
    </button>
  );
}

/** "Use a passkey" in the step after the password, for an account that has one. */
export function PasskeyMfaButton({ onSignedIn, onError }: Props) {
  const { t } = useTranslation();
  const verify = usePasskeySecondFactor();
  const [busy, setBusy] = useState(false);
  if (!passkeysSupported()) return <p className="text-sm">{t('passkeys.unsupported')}</p>;
  return (
    <button
      type="button"
      disabled={busy}
      className="w-full rounded border border-gray-900 py-2"
      onClick={async () => {
        onError(undefined);
        setBusy(true);
        try {
          await verify();
          onSignedIn();
        } catch (err) {
          onError(wasCancelled(err) ? t('passkeys.cancelled') : toFriendlyError(err).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('passkeys.useForMfa')}
    </button>
  );
}
