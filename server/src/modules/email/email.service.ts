import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { systemClock, type Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { EmailDeliveryRepository } from './email-delivery.repository';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed when the message is queued, so every attempt at sending it is the same message. */
  messageId?: string;
  /** When it was queued (ISO): the Date header, and the outbox file's name. */
  queuedAt?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** A Message-ID of our own, in the `<id@host>` form nodemailer and mail servers expect. */
export const newMessageId = () => `<${randomUUID()}@bazaar.local>`;

/**
 * Sends through SMTP when SMTP_URL is set; otherwise nodemailer renders each message and it is
 * written as a readable .eml file to DATA_DIR/outbox, so the shop works offline.
 *
 * At most once per queued message, as far as the transport allows: the outbox file is named after
 * the Message-ID and created exclusively, so a second attempt finds it and writes nothing; over
 * SMTP a sent-marker is committed right after the server accepts the message, and an attempt that
 * finds the marker skips the send. What remains is the moment between the server's acceptance and
 * the marker's commit: a crash exactly there sends the message again, with the same Message-ID.
 */
export class EmailService implements EmailSender {
  private readonly transport: Transporter;
  private readonly outboxDir?: string;
  private readonly from: string;

  constructor(
    opts: { smtpUrl?: string; dataDir: string; from: string },
    private readonly logger: Logger,
    private readonly deliveries?: EmailDeliveryRepository,
    private readonly clock: Clock = systemClock,
  ) {
    this.from = opts.from;
    if (opts.smtpUrl) {
      this.transport = nodemailer.createTransport(opts.smtpUrl);
    } else {
      this.outboxDir = path.join(opts.dataDir, 'outbox');
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  async send(message: EmailMessage): Promise<void> {
    const { messageId = newMessageId(), queuedAt, ...content } = message;
    const mail = { from: this.from, ...content, messageId, ...(queuedAt ? { date: new Date(queuedAt) } : {}) };
    if (!this.outboxDir) {
      if (await this.deliveries?.wasSent(messageId)) {
        this.logger.info({ to: message.to, subject: message.subject, messageId }, 'email already sent; not sending it again');
        return;
      }
      await this.transport.sendMail(mail);
      await this.deliveries?.markSent(messageId, this.clock.now());
      this.logger.info({ to: message.to, subject: message.subject, messageId }, 'email sent');
      return;
    }
    const info = await this.transport.sendMail(mail);
    await fs.mkdir(this.outboxDir, { recursive: true });
    const stamp = (queuedAt ? new Date(queuedAt) : this.clock.now()).toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.outboxDir, `${stamp}-${messageId.replace(/[^A-Za-z0-9._-]/g, '')}.eml`);
    // Written aside, then linked into place: link() fails if the name exists, so a message is in the
    // outbox once and never half-written.
    const partial = `${file}.${process.pid}.${randomUUID()}.partial`;
    await fs.writeFile(partial, (info as unknown as { message: Buffer }).message);
    try {
      await fs.link(partial, file);
      this.logger.info({ to: message.to, subject: message.subject, file }, 'email written to the outbox');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      this.logger.info({ to: message.to, subject: message.subject, file }, 'email already in the outbox; not writing it again');
    } finally {
      await fs.rm(partial, { force: true });
    }
  }
}
