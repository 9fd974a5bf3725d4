import type { PasskeyAuthenticationResponse, PasskeyRegistrationResponse } from '@bazaar/shared';

/**
 * What the tests put in place of @simplewebauthn/browser: the authenticator's answers are canned,
 * the calls recorded. A test file mocks the module with
 * `vi.mock('@simplewebauthn/browser', async (original) => (await import('./browser-stub')).stubbedBrowser(await original()))`.
 */
export const webauthnStub = {
  startRegistration: vi.fn(),
  startAuthentication: vi.fn(),
  browserSupportsWebAuthn: vi.fn(() => true),
  browserSupportsWebAuthnAutofill: vi.fn(async () => false),
  cancelCeremony: vi.fn(),
};

/** The library with its browser calls replaced (its error class stays the real one). */
export const stubbedBrowser = (original: object) => ({
  ...original,
  startRegistration: webauthnStub.startRegistration,
  startAuthentication: webauthnStub.startAuthentication,
  browserSupportsWebAuthn: webauthnStub.browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill: webauthnStub.browserSupportsWebAuthnAutofill,
  WebAuthnAbortService: { cancelCeremony: webauthnStub.cancelCeremony },
});

/** Back to a browser that supports passkeys (no autofill) and has no answers queued. */
export function resetWebauthnStub() {
  webauthnStub.startRegistration.mockReset();
  webauthnStub.startAuthentication.mockReset();
  webauthnStub.browserSupportsWebAuthn.mockReset().mockReturnValue(true);
  webauthnStub.browserSupportsWebAuthnAutofill.mockReset().mockResolvedValue(false);
  webauthnStub.cancelCeremony.mockReset();
}

export const REGISTRATION: PasskeyRegistrationResponse = {
  id: 'Y3JlZC0x',
  rawId: 'Y3JlZC0x',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['internal'] },
  clientExtensionResults: {},
};

export const ASSERTION: PasskeyAuthenticationResponse = {
  id: 'Y3JlZC0x',
  rawId: 'Y3JlZC0x',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA', userHandle: 'dTE' },
  clientExtensionResults: {},
};

/** The error a browser gives when the person closes the prompt. */
export const closedPrompt = () =>
  Object.assign(new Error('The operation either timed out or was not allowed.'), { name: 'NotAllowedError' });
