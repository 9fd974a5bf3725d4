export { JobQueue } from './job-queue';
export { Worker, type WorkerOptions } from './worker';
export type { EnqueueOptions, JobContext, JobDefinition, JobRecord, JobStatus } from './job.types';
export { registerJobRoutes } from './jobs.routes';
export { JobRepository } from './job.repository';
export { defineJobsModels, Job, JobSchedule } from './jobs.models';
