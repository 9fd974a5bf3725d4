export { EmailService, type EmailMessage, type EmailSender } from './email.service';
export * from './templates';
export { Mailer, EMAIL_JOB } from './mailer';
