export * from './jobs.schemas';
