export * from './currency';
export * from './markets.schemas';
