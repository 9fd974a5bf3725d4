export * from './catalog.schemas';
export * from './admin-catalog.schemas';
