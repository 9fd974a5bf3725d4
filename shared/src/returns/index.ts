export * from './returns.schemas';
