export * from './analytics.constants';
export * from './analytics.schemas';
