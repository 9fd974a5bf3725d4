import { useCallback, useEffect } from 'react';
import type { PasskeySignInResponse } from '@bazaar/shared';
import {
  usePasskeyMfaMutation,
  usePasskeyMfaOptionsMutation,
  usePasskeyReauthMutation,
  usePasskeyReauthOptionsMutation,
  usePasskeySignInMutation,
  usePasskeySignInOptionsMutation,
} from './passkeys.api';
import { cancelPasskeyPrompt, passkeyAutofillSupported, signWithPasskey, wasCancelled } from './webauthn';

/**
 * Signing in with a passkey alone: the server's options (no email, no credential list), the
 * authenticator's signature, the server's verdict. `autofill` starts the request the email field's
 * autofill answers (while the page is open); a click on the button replaces it (the library aborts
 * the pending request; the server keeps both challenges, each good for one answer).
 */
export function usePasskeySignIn() {
  const [options] = usePasskeySignInOptionsMutation();
  const [verify] = usePasskeySignInMutation();

  const signIn = useCallback(
    async (remember: boolean): Promise<PasskeySignInResponse> => {
      const response = await signWithPasskey(await options().unwrap());
      return verify({ response, remember }).unwrap();
    },
    [options, verify],
  );

  const autofill = useCallback(
    async (onSignedIn: () => void, onError: (err: unknown) => void) => {
      if (!(await passkeyAutofillSupported())) return;
      try {
        const response = await signWithPasskey(await options().unwrap(), true);
        await verify({ response, remember: false }).unwrap();
        onSignedIn();
      } catch (err) {
        if (!wasCancelled(err)) onError(err);
      }
    },
    [options, verify],
  );

  return { signIn, autofill };
}

/** The step after the password, answered with one of the account's passkeys. */
export function usePasskeySecondFactor() {
  const [options] = usePasskeyMfaOptionsMutation();
  const [verify] = usePasskeyMfaMutation();
  return useCallback(async () => {
    const response = await signWithPasskey(await options().unwrap());
    return verify({ response }).unwrap();
  }, [options, verify]);
}

/** Confirms it is still the owner with one of the account's passkeys (before a sensitive action). */
export function usePasskeyReauth() {
  const [options] = usePasskeyReauthOptionsMutation();
  const [verify] = usePasskeyReauthMutation();
  return useCallback(async () => {
    const response = await signWithPasskey(await options().unwrap());
    await verify({ response }).unwrap();
  }, [options, verify]);
}

/** Ends the autofill request when the sign-in page goes away. */
export function useCancelPasskeyPromptOnLeave() {
  useEffect(() => () => cancelPasskeyPrompt(), []);
}
