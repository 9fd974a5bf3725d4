export * from './currency';
export * from './market-language';
export * from './markets.schemas';
export * from './translations.schemas';
