import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { OrgSettings } from '../../shared/validation/settings.ts';
import type { MessageKey } from '../../shared/i18n/messages.ts';

// OWASP's argon2id baseline: 19 MiB, 2 passes.
const ARGON = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the account does not exist, so timing reveals nothing. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomToken()));

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The organisation's stricter rules on top of the shared baseline (8+ characters, letters and digits). */
export function passwordPolicyError(password: string, settings: OrgSettings): { key: MessageKey; params?: Record<string, number> } | null {
  if (password.length < settings.passwordMinLength) return { key: 'v.passwordTooShort', params: { min: settings.passwordMinLength } };
  if (settings.passwordRequireSymbol && !/[^A-Za-z0-9]/.test(password)) return { key: 'v.passwordNeedsSymbol' };
  return null;
}
