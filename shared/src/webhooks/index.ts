export * from './webhooks.schemas';
