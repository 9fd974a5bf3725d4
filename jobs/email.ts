import type { JobDefinition } from '../server/src/modules/jobs';
import type { EmailMessage } from '../server/src/modules/email';
import type { JobServices } from './index';

/** Sends one queued email. Retried on transport errors; sending twice is the accepted failure mode of email. */
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
