import { randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_SCHEME } from '@bazaar/shared';
import { randomToken, sha256 } from '../../lib/tokens';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_PATTERN = new RegExp(`^${API_KEY_SCHEME}_([a-z2-7]{8})_([A-Za-z0-9_-]{43})$`);

/** 8 base32 characters (40 random bits): unique in the table, and what staff recognise a key by. */
function randomPrefix(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 8; i++) out += PREFIX_ALPHABET[Number((bits >> BigInt(35 - 5 * i)) & 31n)];
  return out;
}

/** The prefix as shown: `bzk_<8 characters>`. */
export const shownPrefix = (prefix: string) => `${API_KEY_SCHEME}_${prefix}`;

/** A new key, `bzk_<prefix>_<256 random bits>`, and the hash that is all the database keeps of it. */
export function newApiKeySecret(): { prefix: string; secret: string; hash: string } {
  const prefix = randomPrefix();
  const secret = `${shownPrefix(prefix)}_${randomToken()}`;
  return { prefix, secret, hash: sha256(secret) };
}

/** The prefix of a presented key, or undefined when it is not shaped like one of ours. */
export const prefixOf = (presented: string): string | undefined => KEY_PATTERN.exec(presented)?.[1];

/** Whether a presented key hashes to the stored hash (compared in constant time). */
export const secretMatches = (presented: string, storedHash: string): boolean =>
  timingSafeEqual(Buffer.from(sha256(presented), 'hex'), Buffer.from(storedHash, 'hex'));
