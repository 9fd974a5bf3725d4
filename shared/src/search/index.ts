export * from './search.schemas';
