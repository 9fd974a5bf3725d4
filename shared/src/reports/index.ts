export * from './reports.schemas';
