import type { DataScope, Permission } from '../../shared/permissions.ts';
import type { Locale } from '../../shared/i18n/messages.ts';

/** Who is acting: loaded once per request from the session, used by every service for permissions and audit. */
export interface Actor {
  orgId: string;
  userId: string;
  username: string;
  name: string;
  isInstallationAdmin: boolean;
  permissions: ReadonlySet<Permission>;
  scopes: Readonly<Partial<Record<string, DataScope>>>;
  departmentId: string | null;
  locale: Locale;
  timeZone: string;
  ip: string | null;
  userAgent: string | null;
}

/** The request facts a service needs when nobody is signed in yet (registration, password reset). */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  locale: Locale;
}
