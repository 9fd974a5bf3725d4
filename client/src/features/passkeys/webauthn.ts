import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type {
  PasskeyAuthenticationResponse,
  PasskeyCreationOptions,
  PasskeyRegistrationResponse,
  PasskeyRequestOptions,
} from '@bazaar/shared';

/**
 * The browser's side of passkeys, through @simplewebauthn/browser: the only file that calls it (tests
 * stub this module's import of it). The shared schemas are the same W3C JSON forms the library
 * reads and writes; only the extension records are typed more loosely there, hence the casts.
 */

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

/** Whether the browser can offer passkeys in the email field's autofill (conditional mediation). */
export const passkeyAutofillSupported = (): Promise<boolean> => browserSupportsWebAuthnAutofill();

/** Asks the authenticator to make a passkey for the server's options. */
export async function createPasskey(options: PasskeyCreationOptions): Promise<PasskeyRegistrationResponse> {
  return (await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON })) as PasskeyRegistrationResponse;
}

/** Asks the authenticator to sign the server's challenge (from the autofill list when `autofill`). */
export async function signWithPasskey(options: PasskeyRequestOptions, autofill = false): Promise<PasskeyAuthenticationResponse> {
  const response = await startAuthentication({
    optionsJSON: options as PublicKeyCredentialRequestOptionsJSON,
    useBrowserAutofill: autofill,
  });
  return response as PasskeyAuthenticationResponse;
}

/** Ends a pending prompt (an autofill request when the page goes away). */
export const cancelPasskeyPrompt = (): void => WebAuthnAbortService.cancelCeremony();

/** The person closed the prompt, or a newer request replaced it: nothing to report. */
export const wasCancelled = (err: unknown): boolean =>
  (err instanceof WebAuthnError && err.code === 'ERROR_CEREMONY_ABORTED') ||
  (err instanceof Error && (err.name === 'NotAllowedError' || err.name === 'AbortError'));
