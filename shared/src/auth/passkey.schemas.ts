import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { Me } from './auth.schemas';

/**
 * Passkeys (WebAuthn). The option and response shapes are the W3C JSON forms
 * (PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON, …) that
 * @simplewebauthn/browser reads and writes; inputs are strict like every other body.
 */

/** base64url without padding, as WebAuthn's JSON forms carry binary values. */
const Base64Url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'Must be base64url');

export const AuthenticatorTransport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
export type AuthenticatorTransport = z.infer<typeof AuthenticatorTransport>;

const UserVerification = z.enum(['discouraged', 'preferred', 'required']);
const CredentialDescriptor = z.object({
  id: z.string(),
  type: z.literal('public-key'),
  transports: z.array(AuthenticatorTransport).optional(),
});
const Hints = z.array(z.enum(['hybrid', 'security-key', 'client-device'])).optional();

/** What `navigator.credentials.create()` is given (the server's registration options). */
export const PasskeyCreationOptions = z
  .object({
    rp: z.object({ name: z.string(), id: z.string().optional() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    challenge: z.string(),
    pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
    timeout: z.number().optional(),
    excludeCredentials: z.array(CredentialDescriptor).optional(),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
        requireResidentKey: z.boolean().optional(),
        residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
        userVerification: UserVerification.optional(),
      })
      .optional(),
    hints: Hints,
    attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'PasskeyCreationOptions' });
export type PasskeyCreationOptions = z.infer<typeof PasskeyCreationOptions>;

/** What `navigator.credentials.get()` is given (the server's sign-in options). */
export const PasskeyRequestOptions = z
  .object({
    challenge: z.string(),
    timeout: z.number().optional(),
    rpId: z.string().optional(),
    allowCredentials: z.array(CredentialDescriptor).optional(),
    userVerification: UserVerification.optional(),
    hints: Hints,
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'PasskeyRequestOptions' });
export type PasskeyRequestOptions = z.infer<typeof PasskeyRequestOptions>;

const CredentialCommon = {
  id: Base64Url(1400).min(1),
  rawId: Base64Url(1400).min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
};

/** A new credential as the browser answers `create()`. */
export const PasskeyRegistrationResponse = z
  .object({
    ...CredentialCommon,
    response: z
      .object({
        clientDataJSON: Base64Url(8192),
        attestationObject: Base64Url(65536),
        authenticatorData: Base64Url(65536).optional(),
        transports: z.array(AuthenticatorTransport).optional(),
        publicKeyAlgorithm: z.number().optional(),
        publicKey: Base64Url(65536).optional(),
      })
      .strict(),
  })
  .strict();
export type PasskeyRegistrationResponse = z.infer<typeof PasskeyRegistrationResponse>;

/** An assertion as the browser answers `get()`. */
export const PasskeyAuthenticationResponse = z
  .object({
    ...CredentialCommon,
    response: z
      .object({
        clientDataJSON: Base64Url(8192),
        authenticatorData: Base64Url(65536),
        signature: Base64Url(8192),
        userHandle: Base64Url(256).optional(),
      })
      .strict(),
  })
  .strict();
export type PasskeyAuthenticationResponse = z.infer<typeof PasskeyAuthenticationResponse>;

/** The name the owner gives a passkey ("Work laptop"). */
export const PasskeyName = z.string().trim().min(1, 'Give the passkey a name').max(60, 'Use at most 60 characters');

export const PasskeyRegisterRequest = z
  .object({ name: PasskeyName, response: PasskeyRegistrationResponse })
  .strict()
  .meta({ id: 'PasskeyRegisterRequest' });
export type PasskeyRegisterRequest = z.infer<typeof PasskeyRegisterRequest>;

export const PasskeyRenameRequest = z.object({ name: PasskeyName }).strict().meta({ id: 'PasskeyRenameRequest' });
export type PasskeyRenameRequest = z.infer<typeof PasskeyRenameRequest>;

/** Signing in with a passkey alone (no email typed). */
export const PasskeySignInRequest = z
  .object({ response: PasskeyAuthenticationResponse, remember: z.boolean().default(false) })
  .strict()
  .meta({ id: 'PasskeySignInRequest' });
export type PasskeySignInRequest = z.input<typeof PasskeySignInRequest>;

/** The second step of a password sign-in, answered with a passkey instead of a code. */
export const PasskeyMfaRequest = z.object({ response: PasskeyAuthenticationResponse }).strict().meta({ id: 'PasskeyMfaRequest' });
export type PasskeyMfaRequest = z.infer<typeof PasskeyMfaRequest>;

export const Passkey = z
  .object({
    id: Id,
    name: z.string(),
    /** `multiDevice`: a synced passkey (a password manager, a phone's keychain); `singleDevice`: bound to one authenticator. */
    deviceType: z.enum(['singleDevice', 'multiDevice']),
    backedUp: z.boolean(),
    transports: z.array(z.string()),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Passkey' });
export type Passkey = z.infer<typeof Passkey>;

export const PasskeyList = z.object({ items: z.array(Passkey) }).meta({ id: 'PasskeyList' });
export type PasskeyList = z.infer<typeof PasskeyList>;

/** A passkey sign-in always completes (there is no further step). */
export const PasskeySignInResponse = z
  .object({ status: z.literal('ok'), user: Me, csrfToken: z.string() })
  .meta({ id: 'PasskeySignInResponse' });
export type PasskeySignInResponse = z.infer<typeof PasskeySignInResponse>;
