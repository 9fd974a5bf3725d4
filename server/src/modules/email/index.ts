export { EmailService, newMessageId, type EmailMessage, type EmailSender } from './email.service';
export { EmailDeliveryRepository } from './email-delivery.repository';
export * from './templates';
export { Mailer, EMAIL_JOB } from './mailer';
export { defineEmailModels, EmailDelivery } from './email.models';
