import type { Tx } from '../../db/client.ts';
import type { Actor, RequestInfo } from '../../lib/context.ts';
import { auditLogs } from './audit.schema.ts';

export interface AuditEntry {
  module: string;
  action: string;
  recordType?: string;
  recordId?: string;
  recordLabel?: string;
  before?: unknown;
  after?: unknown;
}

type Who = Actor | (RequestInfo & { orgId: string; userId?: string | null; name?: string | null });

const SECRET_KEYS = new Set(['password', 'passwordHash', 'confirmPassword', 'oldPassword', 'newPassword', 'token', 'csrfToken']);

/** Passwords and tokens never reach the log, whatever a caller hands in. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k)).map(([k, v]) => [k, redact(v)]));
  }
  return value;
}

/** Fields whose value differs, so an update's entry shows only what changed (before → after). */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (key === 'version' || key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Written inside the caller's transaction, so a change and its audit entry commit or vanish together. */
export async function recordAudit(tx: Tx, who: Who, entry: AuditEntry): Promise<void> {
  const isActor = 'username' in who;
  await tx.insert(auditLogs).values({
    orgId: who.orgId,
    actorId: isActor ? who.userId : (who.userId ?? null),
    actorName: isActor ? who.name : (who.name ?? null),
    ip: who.ip,
    module: entry.module,
    action: entry.action,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId ?? null,
    recordLabel: entry.recordLabel ?? null,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
  });
}
