import type { Db } from '../db/client.ts';
import type { Mailer } from '../modules/notifications/mailer.ts';

/** What route plugins receive from createApp: the database, the mailer and installation-wide options. */
export interface AppContext {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  cookieSecure: boolean;
  loginRateLimit: { max: number; timeWindow: number };
}
