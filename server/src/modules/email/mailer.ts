import type { Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import type { JobQueue } from '../jobs';
import { newMessageId, type EmailMessage } from './email.service';

export const EMAIL_JOB = 'email.send';

/**
 * Emails go out through the job queue: enqueued in the caller's transaction (so a rolled-back
 * registration sends nothing) and retried by the worker if the transport fails. The Message-ID and
 * date are fixed here, so every attempt sends the same message and the sender can tell a repeat.
 */
export class Mailer {
  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  async send(message: EmailMessage, tx?: Transaction): Promise<void> {
    const queued: EmailMessage = { ...message, messageId: newMessageId(), queuedAt: this.clock.now().toISOString() };
    await this.queue.enqueue(EMAIL_JOB, queued, { queue: 'email', maxAttempts: 8 }, tx);
  }
}
