import type { Container } from '../server/src/container';
import type { JobDefinition } from '../server/src/modules/jobs';
import { analyticsJobs } from './analytics';
import { catalogJobs } from './catalog';
import { cleanupJobs } from './cleanup';
import { emailJobs } from './email';
import { inventoryJobs } from './inventory';
import { orderJobs } from './orders';
import { searchJobs } from './search';

/** What handlers may use: the composition root's services. */
export type JobServices = Container;

/** Every job family; the worker refuses (dead-letters) a job whose name is not here. */
export const ALL_JOBS: JobDefinition<never, JobServices>[] = [
  ...emailJobs,
  ...cleanupJobs,
  ...inventoryJobs,
  ...catalogJobs,
  ...orderJobs,
  ...searchJobs,
  ...analyticsJobs,
] as JobDefinition<never, JobServices>[];
