import { Job, JobList, JobListQuery, JobStats } from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { JobQueue } from './job-queue';

const JobParams = z.object({ id: z.coerce.number().int().positive() }).strict();

export function registerJobRoutes(api: ApiRegistry, jobs: JobQueue): void {
  const tags = ['admin: jobs'];
  const permission = 'jobs:manage' as const;
  api.route({
    method: 'get',
    path: '/admin/jobs/stats',
    summary: 'Job counts per queue and status',
    tags,
    permission,
    response: JobStats,
    handler: async () => ({ items: await jobs.stats() }),
  });
  api.route({
    method: 'get',
    path: '/admin/jobs',
    summary: 'Jobs, newest first (e.g. status=dead with their errors)',
    tags,
    permission,
    request: { query: JobListQuery },
    response: JobList,
    handler: async ({ query }) => ({ ...(await jobs.list(query)), page: query.page, limit: query.limit }),
  });
  api.route({
    method: 'get',
    path: '/admin/jobs/:id',
    summary: 'One job',
    tags,
    permission,
    request: { params: JobParams },
    response: Job,
    handler: ({ params }) => jobs.get(params.id),
  });
  api.route({
    method: 'post',
    path: '/admin/jobs/:id/retry',
    summary: 'Put a dead or failed job back on the queue with fresh attempts',
    tags,
    permission,
    status: 200,
    request: { params: JobParams },
    response: Job,
    handler: ({ params }) => jobs.retry(params.id),
  });
  api.route({
    method: 'delete',
    path: '/admin/jobs/:id',
    summary: 'Discard a job that is not running',
    tags,
    permission,
    status: 204,
    request: { params: JobParams },
    handler: ({ params }) => jobs.discard(params.id),
  });
}
