export * from './privacy.schemas';
