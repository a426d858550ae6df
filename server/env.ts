import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Kehu <no-reply@kehu.local>'),
  PUBLIC_URL: z.string().optional(),
  TRUST_PROXY: z.stringbool().default(false),
  COOKIE_SECURE: z.stringbool().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KEHU_SETUP_ORG_NAME: z.string().optional(),
  KEHU_SETUP_ORG_CODE: z.string().optional(),
  KEHU_SETUP_TIME_ZONE: z.string().optional(),
  KEHU_SETUP_LOCALE: z.string().optional(),
  KEHU_SETUP_ADMIN_USERNAME: z.string().optional(),
  KEHU_SETUP_ADMIN_NAME: z.string().optional(),
  KEHU_SETUP_ADMIN_EMAIL: z.string().optional(),
  KEHU_SETUP_ADMIN_PASSWORD: z.string().optional(),
});

export type Env = z.infer<typeof schema> & { dataDir: string; publicUrl: string };

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const env = parsed.data;
  return {
    ...env,
    dataDir: path.resolve(env.DATA_DIR),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  };
}
