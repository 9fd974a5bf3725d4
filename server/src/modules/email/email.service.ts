import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../../lib/logger';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/**
 * Sends through SMTP when SMTP_URL is set; otherwise nodemailer renders each message and it is
 * written as a readable .eml file to DATA_DIR/outbox, so the shop works offline.
 */
export class EmailService implements EmailSender {
  private readonly transport: Transporter;
  private readonly outboxDir?: string;

  constructor(
    opts: { smtpUrl?: string; dataDir: string; from: string },
    private readonly logger: Logger,
  ) {
    this.from = opts.from;
    if (opts.smtpUrl) {
      this.transport = nodemailer.createTransport(opts.smtpUrl);
    } else {
      this.outboxDir = path.join(opts.dataDir, 'outbox');
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }
  private readonly from: string;

  async send(message: EmailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    if (!this.outboxDir) {
      this.logger.info({ to: message.to, subject: message.subject, messageId: info.messageId }, 'email sent');
      return;
    }
    await fs.mkdir(this.outboxDir, { recursive: true });
    const safeId = String(info.messageId ?? Date.now()).replace(/[^A-Za-z0-9._-]/g, '');
    const file = path.join(this.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
    await fs.writeFile(file, (info as unknown as { message: Buffer }).message);
    this.logger.info({ to: message.to, subject: message.subject, file }, 'email written to the outbox');
  }
}
