import { z } from 'zod';

/** Environment booleans accept the usual spellings; anything else is a configuration error. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      error: 'must be one of true/false, 1/0, yes/no, on/off',
    })
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

export const envInt = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

export const envUrl = (protocols: string[]) =>
  z.url({ error: 'must be a URL' }).refine((v) => protocols.includes(new URL(v).protocol.replace(/:$/, '')), {
    error: `must use one of: ${protocols.map((p) => `${p}://`).join(', ')}`,
  });

/** Empty strings in an env file mean "not set". */
export function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
