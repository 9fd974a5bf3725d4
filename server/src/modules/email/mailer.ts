import type { Transaction } from '../../db/db';
import type { JobQueue } from '../jobs';
import type { EmailMessage } from './email.service';

export const EMAIL_JOB = 'email.send';

/**
 * Emails go out through the job queue: enqueued in the caller's transaction (so a rolled-back
 * registration sends nothing) and retried by the worker if the transport fails.
 */
export class Mailer {
  constructor(private readonly queue: JobQueue) {}

  async send(message: EmailMessage, tx?: Transaction): Promise<void> {
    await this.queue.enqueue(EMAIL_JOB, message, { queue: 'email', maxAttempts: 8 }, tx);
  }
}
