import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A random bearer token (256 bits, URL-safe). Only its hash is stored. */
export const randomToken = () => randomBytes(32).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const newId = () => randomUUID();
