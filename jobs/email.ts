import type { JobDefinition } from '../server/src/modules/jobs';
import type { EmailMessage } from '../server/src/modules/email';
import type { JobServices } from './index';

/**
 * Sends one queued email. Retried on transport errors; a run after a crash sends nothing the
 * first run already delivered (EmailService: outbox files and SMTP sent-markers by Message-ID).
 */
export const emailJobs: JobDefinition<EmailMessage, JobServices>[] = [
  {
    name: 'email.send',
    queue: 'email',
    maxAttempts: 8,
    run: async (message, { services }) => {
      await services.email.send(message);
    },
  },
];
