export * from './balances.schemas';
export * from './gift-card.schemas';
