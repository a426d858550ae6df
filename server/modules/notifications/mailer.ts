import nodemailer, { type Transporter } from 'nodemailer';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { outbox } from './notifications.schema.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  meta?: Record<string, unknown>;
}

/**
 * Transactional outbox: a mail is a row written in the same transaction as the change that caused it, and is
 * sent after commit. A rolled-back change therefore sends nothing, and a failed send keeps its error on the row.
 */
export class Mailer {
  private transport?: Transporter;
  private flushing?: Promise<void>;
  private queuedSinceFlush = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    if (smtpUrl) this.transport = nodemailer.createTransport(smtpUrl);
  }

  get smtpEnabled() {
    return Boolean(this.transport);
  }

  async queue(tx: Tx, orgId: string, message: MailMessage): Promise<void> {
    this.queuedSinceFlush = true;
    await tx.insert(outbox).values({
      orgId,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      meta: message.meta ?? null,
      status: this.transport ? 'queued' : 'kept',
    });
  }

  /** After a response: sends only if that request queued mail; the poll picks up everything else. */
  flushIfQueued(): Promise<void> {
    return this.queuedSinceFlush ? this.flush() : Promise.resolve();
  }

  /** Sends queued mail of every organisation; several instances share the work through SKIP LOCKED. */
  flush(): Promise<void> {
    if (!this.transport) return Promise.resolve();
    if (this.flushing) return this.flushing;
    this.queuedSinceFlush = false;
    this.flushing = this.sendBatch().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  startPolling(intervalMs = 15_000) {
    if (!this.transport) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async close() {
    if (this.timer) clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
    this.transport?.close();
  }

  private async sendBatch(): Promise<void> {
    for (;;) {
      const sentAny = await this.db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(outbox)
          .where(eq(outbox.status, 'queued'))
          .orderBy(outbox.createdAt)
          .limit(20)
          .for('update', { skipLocked: true });
        if (!rows.length) return false;
        for (const row of rows) {
          try {
            await this.transport!.sendMail({ from: this.from, to: row.to, subject: row.subject, text: row.text, html: row.html ?? undefined });
            await tx.update(outbox).set({ status: 'sent', sentAt: sql`now()`, error: null }).where(and(eq(outbox.orgId, row.orgId), eq(outbox.id, row.id)));
          } catch (err) {
            await tx
              .update(outbox)
              .set({ status: 'failed', error: String((err as Error).message).slice(0, 500) })
              .where(and(eq(outbox.orgId, row.orgId), eq(outbox.id, row.id)));
          }
        }
        return true;
      });
      if (!sentAny) return;
    }
  }
}
