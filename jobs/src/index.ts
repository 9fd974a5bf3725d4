import { analyticsJobs, type AnalyticsJobServices } from './analytics';
import { catalogJobs, type CatalogJobServices } from './catalog';
import { cleanupJobs, JOB_RETENTION_DAYS, type CleanupJobServices } from './cleanup';
import { emailJobs, type EmailJobServices } from './email';
import { giftCardJobs, type GiftCardDelivery, type GiftCardJobServices } from './giftcards';
import { inventoryJobs, type InventoryJobServices } from './inventory';
import { bindJobs, type JobDefinition } from './job.types';
import { orderJobs, type OrderJobServices } from './orders';
import { searchJobs, type SearchJobServices } from './search';
import { webhookJobs, type WebhookJobServices } from './webhooks';

export { bindJobs, type JobClock, type JobContext, type JobDefinition, type JobLogger } from './job.types';
export {
  analyticsJobs,
  catalogJobs,
  cleanupJobs,
  emailJobs,
  giftCardJobs,
  inventoryJobs,
  orderJobs,
  searchJobs,
  webhookJobs,
  JOB_RETENTION_DAYS,
};
export type {
  AnalyticsJobServices,
  CatalogJobServices,
  CleanupJobServices,
  EmailJobServices,
  GiftCardDelivery,
  GiftCardJobServices,
  InventoryJobServices,
  OrderJobServices,
  SearchJobServices,
  WebhookJobServices,
};

/** What each job family may use: only the services it declares, by family. */
export interface JobServices {
  email: EmailJobServices;
  cleanup: CleanupJobServices;
  inventory: InventoryJobServices;
  catalog: CatalogJobServices;
  orders: OrderJobServices;
  search: SearchJobServices;
  analytics: AnalyticsJobServices;
  giftCards: GiftCardJobServices;
  webhooks: WebhookJobServices;
}

/** Every job family, each bound to its own services; the worker refuses (dead-letters) a job whose name is not here. */
export function allJobs(services: JobServices): JobDefinition[] {
  return [
    ...bindJobs(emailJobs, services.email),
    ...bindJobs(cleanupJobs, services.cleanup),
    ...bindJobs(inventoryJobs, services.inventory),
    ...bindJobs(catalogJobs, services.catalog),
    ...bindJobs(orderJobs, services.orders),
    ...bindJobs(searchJobs, services.search),
    ...bindJobs(analyticsJobs, services.analytics),
    ...bindJobs(giftCardJobs, services.giftCards),
    ...bindJobs(webhookJobs, services.webhooks),
  ];
}
