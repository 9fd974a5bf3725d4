export * from './money.schemas';
export * from './ids.schemas';
export * from './pagination.schemas';
export * from './error.schemas';
export * from './health.schemas';
export * from './storefront-config.schemas';
export * from './money.format';
export * from './date-window';
