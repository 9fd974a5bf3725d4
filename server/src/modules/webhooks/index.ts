export { WebhookPublisher, noWebhookEvents, WEBHOOK_DELIVER_JOB, WEBHOOK_QUEUE, type WebhookEvents } from './webhook-publisher';
export { WebhooksService, retryDelay, EVENT_RETENTION_MS, RETRY_WINDOW_MS, type DeliveryOutcome } from './webhooks.service';
export { WebhooksRepository } from './webhooks.repository';
export { WebhookSender } from './webhook-sender';
export { signPayload, signatureHeader } from './webhook-signature';
export { checkEndpointUrl, forbiddenAddress } from './webhook-url';
export { registerWebhookRoutes } from './webhooks.routes';
export {
  defineWebhooksModels,
  WebhookAttemptRecord,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
  WebhookEventRecord,
} from './webhooks.models';
