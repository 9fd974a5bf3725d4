import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  PasskeyAuthenticationResponse,
  PasskeyCreationOptions,
  PasskeyRegistrationResponse,
  PasskeyRequestOptions,
} from '@bazaar/shared';

/** The origin and RP id the test app derives from its configuration (no PUBLIC_URL, port 3000). */
export const TEST_ORIGIN = 'http://localhost:3000';
export const TEST_RP_ID = 'localhost';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest());
const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export interface SoftwareCredential {
  id: string;
  privateKey: KeyObject;
  /** The user handle the site gave at registration (base64url). */
  userHandle: string;
  counter: number;
}

/**
 * A FIDO2 authenticator in software, for tests: ES256 keys from node:crypto, attestation `none`,
 * and assertions signed the way an authenticator signs them (authenticator data followed by the
 * hash of the client data). What a browser adds (client data, the JSON forms) is built here too.
 */
export class SoftwareAuthenticator {
  readonly credentials = new Map<string, SoftwareCredential>();

  constructor(
    readonly origin = TEST_ORIGIN,
    readonly rpId = TEST_RP_ID,
  ) {}

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string) {
    return new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private authData(flags: number, counter: number, rpId: string, attested?: Uint8Array) {
    return new Uint8Array(Buffer.concat([sha256(rpId), Buffer.from([flags]), uint32(counter), ...(attested ? [attested] : [])]));
  }

  /** Makes a new credential for `options` (as `navigator.credentials.create` would) and returns the browser's answer. */
  register(
    options: PasskeyCreationOptions,
    opts: { userVerified?: boolean; challenge?: string; credentialId?: Uint8Array; origin?: string } = {},
  ): PasskeyRegistrationResponse {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, isoBase64URL.toBuffer(jwk.x!)],
        [-3, isoBase64URL.toBuffer(jwk.y!)],
      ]),
    );
    const rawId = opts.credentialId ?? new Uint8Array(randomBytes(32));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const attested = new Uint8Array(Buffer.concat([Buffer.alloc(16), idLength, rawId, cose]));
    const flags = FLAG_UP | FLAG_AT | (opts.userVerified === false ? 0 : FLAG_UV);
    const authData = this.authData(flags, 0, this.rpId, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, never>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', authData],
      ]),
    );
    const id = b64url(rawId);
    this.credentials.set(id, { id, privateKey, userHandle: options.user.id, counter: 0 });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', opts.challenge ?? options.challenge, opts.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /**
   * Signs `options`' challenge with a credential (the only one, or `credentialId`) as
   * `navigator.credentials.get` would. The counter goes up by one unless `counter` says what to send.
   */
  assert(
    options: PasskeyRequestOptions,
    opts: {
      credentialId?: string;
      counter?: number;
      userVerified?: boolean;
      challenge?: string;
      userHandle?: string;
      origin?: string;
    } = {},
  ): PasskeyAuthenticationResponse {
    const credential = opts.credentialId ? this.credentials.get(opts.credentialId) : [...this.credentials.values()].at(-1);
    if (!credential) throw new Error('the software authenticator holds no such credential');
    const counter = opts.counter ?? credential.counter + 1;
    credential.counter = Math.max(credential.counter, counter);
    const authData = this.authData(FLAG_UP | (opts.userVerified === false ? 0 : FLAG_UV), counter, this.rpId);
    const clientData = this.clientData('webauthn.get', opts.challenge ?? options.challenge, opts.origin ?? this.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(new Uint8Array(signature)),
        userHandle: opts.userHandle ?? credential.userHandle,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}
