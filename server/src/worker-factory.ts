import { ALL_JOBS } from '../../jobs';
import type { Container } from './container';
import { Worker, type WorkerOptions } from './modules/jobs';

/** A queue worker running every job family of `jobs/` against the container's services. */
export function createWorker(container: Container, options: WorkerOptions = {}): Worker<Container> {
  return new Worker(container.db, ALL_JOBS as never, container, container.logger.child({ component: 'worker' }), container.clock, options);
}
