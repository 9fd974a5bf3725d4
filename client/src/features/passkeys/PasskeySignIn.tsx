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
  const supported = passkeysSupported();
  useCancelPasskeyPromptOnLeave();
  useEffect(() => {
    if (supported) void autofill(onSignedIn, (err) => onError(toFriendlyError(err).message));
    // Once per visit of the page: the autofill request stays open until it is used or replaced.
  }, []);
  if (!supported) return null;
  return <PasskeyButton label={t('passkeys.signIn')} ceremony={() => signIn(remember())} onDone={onSignedIn} onError={onError} />;
}

/** "Use a passkey" in the step after the password, for an account that has one. */
export function PasskeyMfaButton({ onSignedIn, onError }: Props) {
  const { t } = useTranslation();
  const verify = usePasskeySecondFactor();
  if (!passkeysSupported()) return <p className="text-sm">{t('passkeys.unsupported')}</p>;
  return <PasskeyButton label={t('passkeys.useForMfa')} ceremony={verify} onDone={onSignedIn} onError={onError} />;
}

/**
 * A button that runs one passkey ceremony (the server's options, the authenticator, the server's
 * check): busy while it runs, and a closed prompt told apart from a refusal.
 */
export function PasskeyButton({
  label,
  ceremony,
  onDone,
  onError,
  className = 'w-full rounded border border-gray-900 py-2',
}: {
  label: string;
  ceremony: () => Promise<unknown>;
  onDone: () => void;
  onError: (message: string | undefined) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      className={className}
      onClick={async () => {
        onError(undefined);
        setBusy(true);
        try {
          await ceremony();
          onDone();
        } catch (err) {
          onError(wasCancelled(err) ? t('passkeys.cancelled') : toFriendlyError(err).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </button>
  );
}
