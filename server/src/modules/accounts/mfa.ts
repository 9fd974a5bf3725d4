import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import speakeasy from 'speakeasy';
import { sha256 } from '../../lib/tokens';

const STEP_SECONDS = 30;

export function newTotpSecret(email: string) {
  const secret = speakeasy.generateSecret({ length: 20, name: `Bazaar (${email})`, issuer: 'Bazaar' });
  return { base32: secret.base32, otpauthUrl: secret.otpauth_url! };
}

export const qrCodeDataUrl = (otpauthUrl: string) => QRCode.toDataURL(otpauthUrl);

/**
 * Checks a TOTP code within ±1 step and returns the absolute time step it matched, so the caller
 * can refuse any step at or before the last one accepted (speakeasy has no replay protection).
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | undefined {
  const time = Math.floor(now.getTime() / 1000);
  const match = speakeasy.totp.verifyDelta({ secret: secretBase32, encoding: 'base32', token: code, window: 1, time });
  if (!match) return undefined;
  return Math.floor(time / STEP_SECONDS) + match.delta;
}

/** For tests and the client's own checks: the code for a moment. */
export const totpAt = (secretBase32: string, at: Date) =>
  speakeasy.totp({ secret: secretBase32, encoding: 'base32', time: Math.floor(at.getTime() / 1000) });

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Ten one-time recovery codes like `K7PQM-2XWRT` (~50 bits each); only their hashes are kept. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}
export const hashRecoveryCode = (code: string) => sha256(code.toUpperCase().replace(/[^A-Z0-9]/g, ''));
