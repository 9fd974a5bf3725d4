import type { JobDefinition } from './job.types';

/**
 * What sending needs: the email service. The payload is the message the mailer queued; its
 * shape belongs to the email service, so the job hands it over as it is.
 */
export interface EmailJobServices {
  email: { send(message: unknown): Promise<void> };
}

/**
 * Sends one queued email. Retried on transport errors; a run after a crash sends nothing the
 * first run already delivered (EmailService: outbox files and SMTP sent-markers by Message-ID).
 */
export const emailJobs: JobDefinition<unknown, EmailJobServices>[] = [
  {
    name: 'email.send',
    queue: 'email',
    maxAttempts: 8,
    run: async (message, { services }) => {
      await services.email.send(message);
    },
  },
];
