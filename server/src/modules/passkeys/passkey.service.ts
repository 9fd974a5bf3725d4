import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL, isoUint8Array, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import type {
  Passkey,
  PasskeyAuthenticationResponse,
  PasskeyCreationOptions,
  PasskeyRegisterRequest,
  PasskeyRequestOptions,
} from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { conflict, notFound, unauthenticated, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { AuthService, RequestMeta, UserRecord, UserRepository } from '../accounts';
import type { AuditService } from '../audit';
import type { PasskeyRecord, PasskeyRepository } from './passkey.repository';

/** How long a challenge may be answered; the browser's own prompt times out at the same moment. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const MAX_PASSKEYS = 20;

/** What a challenge was issued for: answering it for anything else fails. */
export type ChallengePurpose = 'register' | 'sign_in' | 'second_factor' | 'reauth';

/** A challenge handed to the browser, kept server-side (in the session) until it is answered once. */
export interface PendingChallenge {
  challenge: string;
  purpose: ChallengePurpose;
  /** The account it was issued for (registration and the second step); none for a passkey-alone sign-in. */
  userId?: string;
  expiresAt: number;
}

/**
 * A signature counter that did not move forward. Authenticators that keep no counter (synced
 * passkeys) report 0 every time; any other value must be greater than the one stored, or the
 * credential has been copied to a second authenticator.
 */
export const isStaleCounter = (stored: number, presented: number): boolean => (stored > 0 || presented > 0) && presented <= stored;

export interface PasskeyServiceDeps {
  db: Db;
  clock: Clock;
  passkeys: PasskeyRepository;
  users: UserRepository;
  auth: AuthService;
  audit: AuditService;
  relyingParty: Config['webauthn'];
  /**
   * Whether the account can still sign in once it has no passkey: with a password today. An
   * account without a password (signed up through another identity provider) counts its linked
   * identities here.
   */
  canSignInWithoutPasskeys: (user: UserRecord) => Promise<boolean>;
}

const toPasskey = (p: PasskeyRecord): Passkey => ({
  id: p.id,
  name: p.name,
  deviceType: p.deviceType,
  backedUp: p.backedUp,
  transports: p.transports,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt ? p.lastUsedAt.toISOString() : null,
});

const descriptor = (p: PasskeyRecord) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransport[] });

/** The user handle stored in a passkey: the account id's bytes (opaque, nothing personal). */
const userHandleOf = (userId: string) => isoUint8Array.fromUTF8String(userId);

/** The challenge a response says it answers (from its client data, unverified), or undefined when it cannot be read. */
export function claimedChallenge(clientDataJSON: string): string | undefined {
  try {
    const challenge: unknown = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON)).challenge;
    return typeof challenge === 'string' ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** The counter an assertion claims (before its signature is checked), or undefined when it cannot be read. */
function presentedCounter(response: PasskeyAuthenticationResponse): number | undefined {
  try {
    return parseAuthenticatorData(isoBase64URL.toBuffer(response.response.authenticatorData)).counter;
  } catch {
    return undefined;
  }
}

/**
 * Passkeys: registering one on the account, listing, renaming and removing them, and signing in
 * with one, alone (a discoverable credential: the browser says whose it is) or as the second step
 * after the password. The library checks each response (challenge, origin, RP id, flags,
 * signature); this service decides which challenge, which credential and whose.
 *
 * User verification (a PIN or biometric on the authenticator) is required to register and to sign
 * in with a passkey alone, so such a sign-in is two factors and counts as MFA. As the step after a
 * password it is only preferred: the password is the other factor.
 */
export class PasskeyService {
  constructor(private readonly d: PasskeyServiceDeps) {}

  private pending(purpose: ChallengePurpose, challenge: string, userId?: string): PendingChallenge {
    return { challenge, purpose, userId, expiresAt: this.d.clock.now().getTime() + CHALLENGE_TTL_MS };
  }

  /** The challenge, if it is one issued for this purpose (and account) and still fresh. */
  private usable(pending: PendingChallenge | undefined, purpose: ChallengePurpose, userId?: string): pending is PendingChallenge {
    return (
      pending !== undefined && pending.purpose === purpose && pending.userId === userId && pending.expiresAt > this.d.clock.now().getTime()
    );
  }

  async list(userId: string): Promise<Passkey[]> {
    return (await this.d.passkeys.listForUser(userId)).map(toPasskey);
  }

  // --- registration ------------------------------------------------------------------------

  async registrationOptions(userId: string): Promise<{ options: PasskeyCreationOptions; pending: PendingChallenge }> {
    const user = await this.d.users.findById(userId);
    if (!user) throw unauthenticated();
    const existing = await this.d.passkeys.listForUser(userId);
    if (existing.length >= MAX_PASSKEYS) throw conflict(`You can keep at most ${MAX_PASSKEYS} passkeys.`);
    const options = await generateRegistrationOptions({
      rpName: this.d.relyingParty.rpName,
      rpID: this.d.relyingParty.rpId,
      userName: user.email,
      userDisplayName: user.name,
      userID: userHandleOf(user.id),
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      // The authenticator already holding one of this account's passkeys is not asked to make another.
      excludeCredentials: existing.map(descriptor),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    });
    return { options: options as PasskeyCreationOptions, pending: this.pending('register', options.challenge, userId) };
  }

  async register(
    userId: string,
    input: PasskeyRegisterRequest,
    pending: PendingChallenge | undefined,
    meta: RequestMeta,
  ): Promise<Passkey> {
    const refused = (message: string) => validationFailed([{ path: 'response', message }], message);
    if (!this.usable(pending, 'register', userId)) throw refused('This passkey request has expired or was already used. Start again.');
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response: input.response as RegistrationResponseJSON,
        expectedChallenge: pending.challenge,
        expectedOrigin: this.d.relyingParty.origin,
        expectedRPID: this.d.relyingParty.rpId,
        requireUserVerification: true,
      });
    } catch {
      verification = undefined;
    }
    if (!verification?.verified) throw refused('The passkey could not be verified. Try again.');
    const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
    const id = newId();
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      const existing = await this.d.passkeys.lockForUser(userId, tx);
      if (existing.length >= MAX_PASSKEYS) throw conflict(`You can keep at most ${MAX_PASSKEYS} passkeys.`);
      await this.d.passkeys.insert(
        {
          id,
          userId,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name: input.name,
          createdAt: now,
        },
        tx,
      );
      await this.d.audit.record(
        'passkey_registered',
        { ...meta, actorUserId: userId, targetUserId: userId },
        { passkey: id, name: input.name, deviceType: credentialDeviceType },
        tx,
      );
    });
    return toPasskey((await this.d.passkeys.findForUser(userId, id))!);
  }

  async rename(userId: string, id: string, name: string): Promise<Passkey> {
    if (!(await this.d.passkeys.rename(userId, id, name))) throw notFound('The passkey');
    return toPasskey((await this.d.passkeys.findForUser(userId, id))!);
  }

  /** The last passkey of an account that has no other way in stays: removing it would lock the owner out. */
  async remove(userId: string, id: string, meta: RequestMeta): Promise<void> {
    const user = await this.d.users.findById(userId);
    if (!user) throw unauthenticated();
    await this.d.db.transaction(async (tx: Transaction) => {
      const existing = await this.d.passkeys.lockForUser(userId, tx);
      const passkey = existing.find((p) => p.id === id);
      if (!passkey) throw notFound('The passkey');
      if (existing.length === 1 && !(await this.d.canSignInWithoutPasskeys(user))) {
        throw conflict('This passkey is the only way to sign in to this account: add another passkey first.');
      }
      await this.d.passkeys.remove(userId, id, tx);
      await this.d.audit.record(
        'passkey_removed',
        { ...meta, actorUserId: userId, targetUserId: userId },
        { passkey: id, name: passkey.name },
        tx,
      );
    });
  }

  // --- signing in --------------------------------------------------------------------------

  /** Options for a passkey-alone sign-in: no credentials listed, the authenticator offers the ones it holds for this site. */
  async signInOptions(): Promise<{ options: PasskeyRequestOptions; pending: PendingChallenge }> {
    const options = await generateAuthenticationOptions({
      rpID: this.d.relyingParty.rpId,
      allowCredentials: [],
      userVerification: 'required',
      timeout: CHALLENGE_TTL_MS,
    });
    return { options: options as PasskeyRequestOptions, pending: this.pending('sign_in', options.challenge) };
  }

  /** The account whose passkey signed the challenge; 401 for anything else (the reason goes to the audit log). */
  async signIn(response: PasskeyAuthenticationResponse, pending: PendingChallenge | undefined, meta: RequestMeta): Promise<UserRecord> {
    if (!this.usable(pending, 'sign_in')) throw unauthenticated('This sign-in request has expired. Try again.');
    const passkey = await this.d.passkeys.findByCredentialId(response.id);
    const refuse = async (reason: string, userId?: string) => {
      await this.d.audit.record('login_failed', { ...meta, targetUserId: userId ?? null }, { method: 'passkey', reason });
      return unauthenticated('That passkey could not be used to sign in here.');
    };
    if (!passkey) throw await refuse('unknown_passkey');
    const user = await this.d.users.findById(passkey.userId);
    if (!user) throw await refuse('unknown_passkey');
    // The user handle, when the authenticator returns one, must be the owner's.
    const handle = response.response.userHandle;
    if (handle !== undefined && handle !== isoBase64URL.fromBuffer(userHandleOf(user.id)))
      throw await refuse('user_handle_mismatch', user.id);
    this.d.auth.assertNotLocked(user);
    const problem = await this.checkAssertion(passkey, response, pending, true, meta);
    if (problem) throw await refuse(problem, user.id);
    await this.d.auth.signedInWith(user, 'passkey', true, meta);
    return user;
  }

  /** Options for the step after the password: the pending account's own passkeys only. */
  async secondFactorOptions(userId: string): Promise<{ options: PasskeyRequestOptions; pending: PendingChallenge }> {
    const passkeys = await this.d.passkeys.listForUser(userId);
    if (!passkeys.length) throw conflict('This account has no passkey: use the code from your authenticator app.');
    const options = await generateAuthenticationOptions({
      rpID: this.d.relyingParty.rpId,
      allowCredentials: passkeys.map(descriptor),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_MS,
    });
    return { options: options as PasskeyRequestOptions, pending: this.pending('second_factor', options.challenge, userId) };
  }

  /** Proving it is still the owner on a signed-in session (before a sensitive action): one of the account's passkeys, with user verification. */
  async reauthOptions(userId: string): Promise<{ options: PasskeyRequestOptions; pending: PendingChallenge }> {
    const passkeys = await this.d.passkeys.listForUser(userId);
    if (!passkeys.length) throw conflict('This account has no passkey: confirm it is you with your password.');
    const options = await generateAuthenticationOptions({
      rpID: this.d.relyingParty.rpId,
      allowCredentials: passkeys.map(descriptor),
      userVerification: 'required',
      timeout: CHALLENGE_TTL_MS,
    });
    return { options: options as PasskeyRequestOptions, pending: this.pending('reauth', options.challenge, userId) };
  }

  /** The re-authentication answered: failures count towards the lockout like wrong codes; success is audited. */
  async verifyReauth(
    userId: string,
    response: PasskeyAuthenticationResponse,
    pending: PendingChallenge | undefined,
    meta: RequestMeta,
  ): Promise<void> {
    const user = await this.d.users.findById(userId);
    if (!user) throw unauthenticated();
    this.d.auth.assertNotLocked(user);
    const passkey = await this.d.passkeys.findByCredentialId(response.id);
    const problem = !this.usable(pending, 'reauth', userId)
      ? 'expired_challenge'
      : !passkey || passkey.userId !== userId
        ? 'not_this_account'
        : await this.checkAssertion(passkey, response, pending, true, meta);
    if (problem) {
      await this.d.auth.secondFactorFailed(userId, meta);
      throw unauthenticated('That passkey could not be verified.');
    }
    await this.d.audit.record('reauthenticated', { ...meta, actorUserId: userId, targetUserId: userId }, { method: 'passkey' });
  }

  /** The second step answered with a passkey: only one of the pending account's; failures count like wrong codes. */
  async verifySecondFactor(
    userId: string,
    response: PasskeyAuthenticationResponse,
    pending: PendingChallenge | undefined,
    meta: RequestMeta,
  ): Promise<UserRecord> {
    const user = await this.d.users.findById(userId);
    if (!user) throw unauthenticated();
    this.d.auth.assertNotLocked(user);
    const passkey = await this.d.passkeys.findByCredentialId(response.id);
    const problem = !this.usable(pending, 'second_factor', userId)
      ? 'expired_challenge'
      : !passkey || passkey.userId !== userId
        ? 'not_this_account'
        : await this.checkAssertion(passkey, response, pending, false, meta);
    if (problem) {
      await this.d.auth.secondFactorFailed(userId, meta);
      throw unauthenticated('That passkey could not be verified.');
    }
    await this.d.auth.signedInWith(user, 'passkey', true, meta);
    return user;
  }

  /**
   * Checks an assertion against the stored credential and records its use; answers the reason it
   * was refused, or undefined. A counter that did not move forward is refused before anything
   * else, and audited: the credential may have been cloned.
   */
  private async checkAssertion(
    passkey: PasskeyRecord,
    response: PasskeyAuthenticationResponse,
    pending: PendingChallenge,
    requireUserVerification: boolean,
    meta: RequestMeta,
  ): Promise<string | undefined> {
    const stale = async () => {
      await this.d.audit.record(
        'passkey_refused',
        { ...meta, targetUserId: passkey.userId },
        { passkey: passkey.id, reason: 'stale_counter', storedCounter: passkey.counter },
      );
      return 'stale_counter';
    };
    const counter = presentedCounter(response);
    if (counter !== undefined && isStaleCounter(passkey.counter, counter)) return stale();
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response: response as AuthenticationResponseJSON,
        expectedChallenge: pending.challenge,
        expectedOrigin: this.d.relyingParty.origin,
        expectedRPID: this.d.relyingParty.rpId,
        credential: { id: passkey.credentialId, publicKey: passkey.publicKey, counter: passkey.counter },
        requireUserVerification,
      });
    } catch {
      return 'invalid_assertion';
    }
    if (!verification.verified) return 'invalid_signature';
    const { newCounter, credentialBackedUp } = verification.authenticationInfo;
    // Another assertion with the same counter got there first.
    if (!(await this.d.passkeys.recordUse(passkey.id, newCounter, credentialBackedUp, this.d.clock.now()))) return stale();
    return undefined;
  }
}
