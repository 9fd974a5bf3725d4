export * from './currency';
export * from './markets.schemas';
export * from './translations.schemas';
