import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SecretsWarning {
  variable: string;
  message: string;
}

interface StoredSecrets {
  SESSION_SECRET?: string;
  MFA_ENCRYPTION_KEY?: string;
}

const GENERATORS: Record<keyof StoredSecrets, () => string> = {
  SESSION_SECRET: () => randomBytes(48).toString('base64url'),
  MFA_ENCRYPTION_KEY: () => randomBytes(32).toString('hex'),
};

export function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}

/**
 * Secrets come from the environment; outside production a missing one is generated once into
 * DATA_DIR/secrets.json (mode 0600) and reused, so sessions and MFA secrets survive a restart.
 */
export function resolveSecrets(env: { SESSION_SECRET?: string; MFA_ENCRYPTION_KEY?: string; DATA_DIR: string }): {
  secrets: { sessionSecret: string; mfaEncryptionKey: Buffer };
  warnings: SecretsWarning[];
} {
  const warnings: SecretsWarning[] = [];
  const file = path.join(env.DATA_DIR, 'secrets.json');
  let stored: StoredSecrets | undefined;
  const get = (name: keyof StoredSecrets): string => {
    const fromEnv = env[name];
    if (fromEnv) return fromEnv;
    stored ??= readStored(file);
    let value = stored[name];
    if (!value) {
      value = GENERATORS[name]();
      stored[name] = value;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    }
    warnings.push({ variable: name, message: `${name} is not set: using the generated value kept in ${file}` });
    return value;
  };
  return {
    secrets: { sessionSecret: get('SESSION_SECRET'), mfaEncryptionKey: decodeKey(get('MFA_ENCRYPTION_KEY')) },
    warnings,
  };
}

function readStored(file: string): StoredSecrets {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets;
  } catch {
    return {};
  }
}
