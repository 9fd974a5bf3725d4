import { PasswordHasher, passwordProblems } from './password';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(4);

  it('uses every character: changing the 100th character of a long password breaks it', async () => {
    const password = 'é'.repeat(99) + 'A' + 'tail';
    const changed = 'é'.repeat(99) + 'B' + 'tail';
    expect(Buffer.byteLength(password)).toBeGreaterThan(72);
    const hash = await hasher.hash(password);
    expect(await hasher.verify(password, hash)).toBe(true);
    expect(await hasher.verify(changed, hash)).toBe(false);
  });

  it('treats canonically equal Unicode as the same password', async () => {
    const hash = await hasher.hash('caf\u00e9 au lait 123');
    expect(await hasher.verify('cafe\u0301 au lait 123', hash)).toBe(true);
  });

  it('produces bcrypt hashes with the configured cost', async () => {
    expect(await hasher.hash('whatever long pass')).toMatch(/^\$2b\$04\$/);
  });
});

describe('passwordProblems', () => {
  it('refuses common passwords from the shipped list, in any case', () => {
    expect(passwordProblems('qwertyuiop123')).toHaveLength(1);
    expect(passwordProblems('PASSWORD1234')).toHaveLength(1);
  });
  it('refuses passwords that contain the email local part', () => {
    expect(passwordProblems('my-jonathan-secret-pw', 'Jonathan@example.com')).toEqual([
      'The password must not contain your email address.',
    ]);
  });
  it('accepts a reasonable passphrase', () => {
    expect(passwordProblems('correct horse battery staple', 'jane@example.com')).toEqual([]);
  });
});
