import { createHmac } from 'node:crypto';
import bcrypt from 'bcrypt';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * bcrypt reads only the first 72 bytes, so a long or multi-byte password would be silently
 * truncated. Every password is first normalised (NFKC) and reduced with HMAC-SHA-256 to 44
 * base64 characters, which bcrypt then hashes whole. The HMAC key is a fixed label, not a
 * secret: its purpose is length normalisation, and losing a pepper would lose every account.
 */
const PREHASH_KEY = 'bazaar.password.v1';
const prehash = (password: string) => createHmac('sha256', PREHASH_KEY).update(password.normalize('NFKC')).digest('base64');

export class PasswordHasher {
  private dummyHash?: Promise<string>;
  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(prehash(password), this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(prehash(password), hash);
  }

  /** Spend the same time as a real check when there is no account, so timing does not tell. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('bazaar-dummy-password-for-timing');
    await this.verify(password, await this.dummyHash);
    return false;
  }
}

let commonPasswords: Set<string> | undefined;
/** ~49,000 common passwords (zxcvbn-ts's list, shipped as a dependency; it includes the top 10,000). */
function isCommon(password: string): boolean {
  commonPasswords ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}

/** The server-side rules beyond length (which the shared schema checks). Returns problems, empty when fine. */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (isCommon(password)) problems.push('This password is too common; choose another.');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && password.toLowerCase().includes(local)) {
    problems.push('The password must not contain your email address.');
  }
  return problems;
}
